// The notify image (containers/Dockerfile, IMAGE=notify): the Alertmanager, notification and Jira steps, which runbooks of every system
// share.
import { main } from '../runtime/main.js';

void main({
  alertmanager: () => import('../alertmanager/index.js'),
  notify: () => import('../notify/index.js'),
  jira: () => import('../jira/index.js'),
});
