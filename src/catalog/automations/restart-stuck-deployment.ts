import { openshiftWorkloadRestart } from '../actions/openshift-workload-restart.js';
import { defineAlertRoute, fixed, fromLabel } from '../alert-route.js';

/** A Deployment is restarted at most once per this many minutes by this route. */
export const RESTART_COOL_DOWN_MINUTES = 30;

/**
 * kube-state-metrics' `KubeDeploymentRolloutStuck` (kube-prometheus) firing: restart the alert's Deployment. Every
 * firing alert of a notification is routed on its own labels, whatever the receiver groups by.
 *
 * Loop guard: Alertmanager re-sends a firing alert every `repeat_interval`, and a restart that does not help keeps
 * it firing. A re-sent alert (same group, fingerprint and startsAt) starts no second Workflow (run once), and the
 * step refuses (exit 3) to restart a Deployment restarted less than 30 minutes ago, while the action's per-workload
 * mutex makes concurrent Workflows (distinct alerts about one Deployment) take turns.
 */
export const restartStuckDeployment = defineAlertRoute({
  name: 'restart-stuck-deployment',
  description: 'Restart a Deployment whose rollout is stuck (KubeDeploymentRolloutStuck firing).',
  alertname: 'KubeDeploymentRolloutStuck',
  template: openshiftWorkloadRestart.name,
  parameters: {
    cluster: fromLabel('cluster', '[a-z0-9]([-a-z0-9]*[a-z0-9])?'),
    namespace: fromLabel('namespace', '[a-z0-9]([-a-z0-9]*[a-z0-9])?'),
    kind: fixed('Deployment'),
    name: fromLabel('deployment'),
    minIntervalMinutes: fixed(RESTART_COOL_DOWN_MINUTES),
  },
});
