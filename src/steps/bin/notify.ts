// The notify image (containers/notify): the Alertmanager and notification steps, which runbooks of every system share.
import { main } from '../runtime/main.js';

await main({
  alertmanager: () => import('../alertmanager/index.js'),
  notify: () => import('../notify/index.js'),
});
