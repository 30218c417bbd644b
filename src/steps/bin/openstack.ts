// The openstack image (containers/Dockerfile, IMAGE=openstack): the OpenStack and Nautobot steps.
import { main } from '../runtime/main.js';

await main({
  openstack: () => import('../openstack/index.js'),
  nautobot: () => import('../nautobot/index.js'),
});
