// The notify image (containers/notify): the Alertmanager steps, which runbooks of every system share.
import { main } from '../runtime/main.js';

await main({
  alertmanager: () => import('../alertmanager/index.js'),
});
