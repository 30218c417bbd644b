import { defineStep } from '../runtime/step.js';
import { RolloutStatusInput } from './inputs/rollout-status.js';

/**
 * A read-only diagnosis: the workload that owns a pod (its controller; a ReplicaSet's own controller, the
 * Deployment) and that workload's rollout status in `kubectl rollout status` terms. A pod no workload owns is a
 * finding (empty `kind`), not a failure.
 */
export const rolloutStatusStep = defineStep({
  system: 'kubernetes',
  name: 'rollout-status',
  description: 'Find the workload owning a pod (Deployment, StatefulSet, DaemonSet) and read its rollout status',
  input: RolloutStatusInput,
  mutating: false,
  outputs: {
    kind: 'Deployment, StatefulSet or DaemonSet; empty when no such workload owns the pod',
    name: 'The workload name; empty when no such workload owns the pod',
    status: "kubectl's wording: 'deployment \"web\" successfully rolled out', 'Waiting for ...', or why it cannot",
    done: 'true when the rollout is complete',
  },
  target: (input) => `the workload of Pod ${input.namespace}/${input.pod} on ${input.cluster}`,
  run: (input, ctx) => import('./run/rollout-status.js').then((module) => module.run(input, ctx)),
});
