import { defineStep } from '../runtime/step.js';
import { WorkloadRestartInput } from './inputs/workload-restart.js';

export const workloadRestart = defineStep({
  system: 'kubernetes',
  name: 'workload-restart',
  description:
    'Restart a Deployment, StatefulSet or DaemonSet the way `kubectl rollout restart` does, or evict a controller-owned Pod; optionally wait for the rollout',
  input: WorkloadRestartInput,
  mutating: true,
  outputs: { restartedAt: 'RFC 3339 time written to the restartedAt annotation (workloads) or of the eviction (pods)' },
  target: (input) => `${input.kind} ${input.namespace}/${input.name} on ${input.cluster}`,
  run: (input, ctx) => import('./run/workload-restart.js').then((module) => module.run(input, ctx)),
});
