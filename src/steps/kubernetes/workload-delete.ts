import { defineStep } from '../runtime/step.js';
import { WorkloadDeleteInput } from './inputs/workload-delete.js';

export const workloadDelete = defineStep({
  system: 'kubernetes',
  name: 'workload-delete',
  description: 'Delete a Pod, Job or workload of a kind the site allows (OPSFLOW_DELETABLE_KINDS), in the background',
  input: WorkloadDeleteInput,
  mutating: true,
  target: (input) => `${input.kind} ${input.namespace}/${input.name} on ${input.cluster}`,
  run: (input, ctx) => import('./run/workload-delete.js').then((module) => module.run(input, ctx)),
});
