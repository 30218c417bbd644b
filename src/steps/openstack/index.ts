import type { StepDefinition } from '../runtime/step.js';
import { nodeEnroll } from './ironic-node-enroll.js';
import { nodeMaintenance } from './ironic-node-maintenance.js';
import { nodePower } from './ironic-node-power.js';
import { nodeProvision } from './ironic-node-provision.js';
import { nodeReclean } from './ironic-node-reclean.js';
import { nodeShow } from './ironic-node-show.js';
import { projectContacts } from './keystone-project-contacts.js';
import { projectCreate } from './keystone-project-create.js';
import { roleAssign } from './keystone-role-assign.js';
import { serviceDisable, serviceEnable } from './nova-compute-service.js';
import { computeServiceShow } from './nova-compute-service-show.js';
import { hypervisorDrain } from './nova-hypervisor-drain.js';
import { serverMigrate } from './nova-server-migrate.js';
import { serverReboot } from './nova-server-reboot.js';
import { serversOnHost } from './nova-servers-on-host.js';

/** The OpenStack steps (`opsflow-step openstack <name>`), bundled into the openstack image. */
export const steps: readonly StepDefinition[] = [
  // Ironic
  nodeEnroll,
  nodeMaintenance,
  nodePower,
  nodeProvision,
  nodeReclean,
  nodeShow,
  // Keystone
  projectCreate,
  roleAssign,
  projectContacts,
  // Nova
  serverReboot,
  serverMigrate,
  serviceDisable,
  serviceEnable,
  hypervisorDrain,
  serversOnHost,
  computeServiceShow,
];
