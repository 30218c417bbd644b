// The openstack image (containers/Dockerfile, IMAGE=openstack): the OpenStack and Nautobot steps.
import { main } from '../runtime/main.js';

void main({
  openstack: () => import('../openstack/index.js'),
  nautobot: () => import('../nautobot/index.js'),
});
