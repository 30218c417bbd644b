// The openstack image (containers/openstack): the OpenStack, Nautobot and Jira steps.
import { main } from '../runtime/main.js';

await main({
  openstack: () => import('../openstack/index.js'),
  nautobot: () => import('../nautobot/index.js'),
  jira: () => import('../jira/index.js'),
});
