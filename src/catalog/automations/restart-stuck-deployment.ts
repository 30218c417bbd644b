import { Filter } from '../../constructs/events/index.js';
import { openshiftWorkloadRestart } from '../actions/openshift-workload-restart.js';
import { constant, defineAutomation, fromEvent, on } from '../automation.js';
import { alertmanager } from './sources.js';

/**
 * kube-state-metrics' `KubeDeploymentRolloutStuck` (kube-prometheus) firing: restart the Deployment. The receiver
 * must group by the workload (`group_by: [alertname, cluster, namespace, deployment]`) so every notification is
 * about one Deployment and its labels are in `commonLabels`; the filters drop any notification that is not.
 *
 * Loop guard: Alertmanager re-sends a firing alert every `repeat_interval`, and a restart that does not help keeps
 * it firing. The step refuses (exit 3) to restart a Deployment restarted less than 30 minutes ago, and the action's
 * per-workload mutex makes concurrent Workflows take turns, so each Deployment is restarted at most once per
 * 30 minutes whatever the number of notifications. `rateLimit` only paces the Workflows (docs/events.md).
 */
/** A Deployment is restarted at most once per this many minutes by this automation. */
export const RESTART_COOL_DOWN_MINUTES = 30;

export const restartStuckDeployment = defineAutomation({
  name: 'restart-stuck-deployment',
  description: 'Restart a Deployment whose rollout is stuck (KubeDeploymentRolloutStuck firing).',
  on: on(alertmanager, 'alerts'),
  filters: [
    Filter.equals('body.version', '4'),
    Filter.equals('body.status', 'firing'),
    Filter.equals('body.commonLabels.alertname', 'KubeDeploymentRolloutStuck'),
    // The labels the parameters read must be there, and look like names (the step validates them again).
    Filter.matches('body.commonLabels.cluster', '[a-z0-9]([-a-z0-9]*[a-z0-9])?'),
    Filter.matches('body.commonLabels.namespace', '[a-z0-9]([-a-z0-9]*[a-z0-9])?'),
    Filter.matches('body.commonLabels.deployment', '[a-z0-9]([-a-z0-9.]*[a-z0-9])?'),
  ],
  action: openshiftWorkloadRestart,
  parameters: {
    cluster: fromEvent('body.commonLabels.cluster'),
    namespace: fromEvent('body.commonLabels.namespace'),
    kind: constant('Deployment'),
    name: fromEvent('body.commonLabels.deployment'),
    minIntervalMinutes: constant(RESTART_COOL_DOWN_MINUTES),
  },
  // Paces a storm of notifications to one Workflow every 12 s or so (with bursts); it drops none and caps nothing.
  rateLimit: { unit: 'Minute', requestsPerUnit: 5 },
});
