import type { Action } from './action.js';
import { awsRdsReboot } from './actions/aws-rds-reboot.js';
import { awsRdsSnapshot } from './actions/aws-rds-snapshot.js';
import { awsRdsStart } from './actions/aws-rds-start.js';
import { awsRdsStop } from './actions/aws-rds-stop.js';
import { ironicNodeMaintenance } from './actions/ironic-node-maintenance.js';
import { ironicNodePower } from './actions/ironic-node-power.js';
import { ironicNodeProvision } from './actions/ironic-node-provision.js';
import { ironicNodeReclean } from './actions/ironic-node-reclean.js';
import { keystoneProjectCreate } from './actions/keystone-project-create.js';
import { keystoneRoleAssign } from './actions/keystone-role-assign.js';
import { nautobotDeviceSync } from './actions/nautobot-device-sync.js';
import { nautobotDevicesResync } from './actions/nautobot-devices-resync.js';
import { nautobotTenantSync } from './actions/nautobot-tenant-sync.js';
import { novaComputeServiceDisable } from './actions/nova-compute-service-disable.js';
import { novaComputeServiceEnable } from './actions/nova-compute-service-enable.js';
import { novaHypervisorDrain } from './actions/nova-hypervisor-drain.js';
import { novaServerMigrate } from './actions/nova-server-migrate.js';
import { novaServerReboot } from './actions/nova-server-reboot.js';
import { openshiftJavaHeapDump } from './actions/openshift-java-heap-dump.js';
import { openshiftPodLogs } from './actions/openshift-pod-logs.js';
import { openshiftTriggerCronjob } from './actions/openshift-trigger-cronjob.js';
import { openshiftWorkloadDelete } from './actions/openshift-workload-delete.js';
import { openshiftWorkloadRestart } from './actions/openshift-workload-restart.js';

export { automations, eventSources } from './automations/index.js';

/** Every action of the catalog; each becomes a WorkflowTemplate (names: docs/catalog-names.md). */
export const actions: readonly Action[] = [
  // Kubernetes / OpenShift (the AppSRE names)
  openshiftWorkloadRestart,
  openshiftWorkloadDelete,
  openshiftTriggerCronjob,
  openshiftPodLogs,
  openshiftJavaHeapDump,
  // AWS
  awsRdsReboot,
  awsRdsStart,
  awsRdsStop,
  awsRdsSnapshot,
  // OpenStack: Ironic, Nova, Keystone
  ironicNodeMaintenance,
  ironicNodePower,
  ironicNodeProvision,
  ironicNodeReclean,
  novaServerReboot,
  novaServerMigrate,
  novaComputeServiceDisable,
  novaComputeServiceEnable,
  novaHypervisorDrain,
  keystoneProjectCreate,
  keystoneRoleAssign,
  // Nautobot
  nautobotDeviceSync,
  nautobotTenantSync,
  nautobotDevicesResync,
];
