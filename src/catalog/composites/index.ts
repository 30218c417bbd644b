import type { CompositeAction } from '../composite.js';
import { ironicNodeEnroll } from './ironic-node-enroll.js';
import { ironicNodeInspect } from './ironic-node-inspect.js';
import { ironicNodeRecover } from './ironic-node-recover.js';
import { openstackHypervisorMaintenance } from './openstack-hypervisor-maintenance.js';
import { openstackHypervisorReturn } from './openstack-hypervisor-return.js';
import { openstackProjectOnboard } from './openstack-project-onboard.js';

/** The runbooks: each a WorkflowTemplate whose DAG runs catalog steps (names: docs/catalog-names.md). */
export const composites: readonly CompositeAction[] = [
  openstackHypervisorMaintenance,
  openstackHypervisorReturn,
  ironicNodeEnroll,
  ironicNodeInspect,
  ironicNodeRecover,
  openstackProjectOnboard,
];
