import { defineStep } from '../runtime/step.js';
import { NodeConditionsInput } from './inputs/node-conditions.js';

/**
 * A read-only diagnosis: the conditions of the node a pod is scheduled on. `Ready` should be True and every other
 * condition (MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable, a node-problem-detector's) False; the
 * others are `problems`. A pod not scheduled yet is a finding, not a failure.
 */
export const nodeConditions = defineStep({
  system: 'kubernetes',
  name: 'node-conditions',
  description: 'Read the conditions of the node a pod runs on; list those that are not healthy',
  input: NodeConditionsInput,
  mutating: false,
  outputs: {
    node: 'The node the pod is scheduled on; empty when it is not scheduled',
    conditions: 'Every condition, one a line: "<type>=<status> (<reason>: <message>)"',
    problems: 'The unhealthy ones (Ready not True, any other True, cordoned), one a line; empty when none',
  },
  target: (input) => `the node of Pod ${input.namespace}/${input.pod} on ${input.cluster}`,
  run: (input, ctx) => import('./run/node-conditions.js').then((module) => module.run(input, ctx)),
});
