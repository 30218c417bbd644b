import type { Action } from '../action.js';
import { alertmanagerSilenceCreate } from './alertmanager-silence-create.js';
import { alertmanagerSilenceExpire } from './alertmanager-silence-expire.js';
import { awsElasticacheFlush } from './aws-elasticache-flush.js';
import { awsRdsReboot } from './aws-rds-reboot.js';
import { awsRdsSnapshot } from './aws-rds-snapshot.js';
import { awsRdsStart } from './aws-rds-start.js';
import { awsRdsStop } from './aws-rds-stop.js';
import { ironicNodeCreate } from './ironic-node-create.js';
import { ironicNodeMaintenance } from './ironic-node-maintenance.js';
import { ironicNodePower } from './ironic-node-power.js';
import { ironicNodeProvision } from './ironic-node-provision.js';
import { ironicNodeReclean } from './ironic-node-reclean.js';
import { ironicNodeShow } from './ironic-node-show.js';
import { jiraIssueComment } from './jira-issue-comment.js';
import { jiraIssueCreate } from './jira-issue-create.js';
import { keystoneProjectContacts } from './keystone-project-contacts.js';
import { keystoneProjectCreate } from './keystone-project-create.js';
import { keystoneRoleAssign } from './keystone-role-assign.js';
import { nautobotDeviceSync } from './nautobot-device-sync.js';
import { nautobotDevicesResync } from './nautobot-devices-resync.js';
import { nautobotTenantSync } from './nautobot-tenant-sync.js';
import { notifyMessageSend } from './notify-message-send.js';
import { novaComputeServiceDisable } from './nova-compute-service-disable.js';
import { novaComputeServiceEnable } from './nova-compute-service-enable.js';
import { novaComputeServiceShow } from './nova-compute-service-show.js';
import { novaHypervisorDrain } from './nova-hypervisor-drain.js';
import { novaHypervisorServers } from './nova-hypervisor-servers.js';
import { novaServerMigrate } from './nova-server-migrate.js';
import { novaServerReboot } from './nova-server-reboot.js';
import { openshiftJavaHeapDump } from './openshift-java-heap-dump.js';
import { openshiftNodeConditions } from './openshift-node-conditions.js';
import { openshiftPodDescribe } from './openshift-pod-describe.js';
import { openshiftPodLogs } from './openshift-pod-logs.js';
import { openshiftTriggerCronjob } from './openshift-trigger-cronjob.js';
import { openshiftWorkloadDelete } from './openshift-workload-delete.js';
import { openshiftWorkloadRestart } from './openshift-workload-restart.js';
import { openshiftWorkloadRolloutStatus } from './openshift-workload-rollout-status.js';

/**
 * Every action of the catalog; each becomes a WorkflowTemplate (names: docs/catalog-names.md). Kept apart from the
 * automations so `opsflow` loads the input schemas without cdk8s.
 */
export const actions: readonly Action[] = [
  // Kubernetes / OpenShift (the AppSRE names)
  openshiftWorkloadRestart,
  openshiftWorkloadDelete,
  openshiftTriggerCronjob,
  openshiftPodLogs,
  openshiftJavaHeapDump,
  openshiftPodDescribe,
  openshiftWorkloadRolloutStatus,
  openshiftNodeConditions,
  // AWS
  awsRdsReboot,
  awsRdsStart,
  awsRdsStop,
  awsRdsSnapshot,
  awsElasticacheFlush,
  // OpenStack: Ironic, Nova, Keystone
  ironicNodeCreate,
  ironicNodeMaintenance,
  ironicNodePower,
  ironicNodeProvision,
  ironicNodeReclean,
  ironicNodeShow,
  novaServerReboot,
  novaServerMigrate,
  novaComputeServiceDisable,
  novaComputeServiceEnable,
  novaComputeServiceShow,
  novaHypervisorDrain,
  novaHypervisorServers,
  keystoneProjectCreate,
  keystoneRoleAssign,
  keystoneProjectContacts,
  // Nautobot
  nautobotDeviceSync,
  nautobotTenantSync,
  nautobotDevicesResync,
  // Alerts, messages and tickets, which runbooks of every system share
  alertmanagerSilenceCreate,
  alertmanagerSilenceExpire,
  notifyMessageSend,
  jiraIssueCreate,
  jiraIssueComment,
];
