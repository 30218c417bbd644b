import { defineStep } from '../runtime/step.js';
import { PodStatusInput } from './inputs/pod-status.js';

/**
 * A read-only diagnosis of a failing pod: its phase, each container's state, restarts and last termination, the
 * pod's events (what `kubectl describe pod` shows at the end) and the end of the crashed instance's log.
 */
export const podStatus = defineStep({
  system: 'kubernetes',
  name: 'pod-status',
  description:
    "Read a pod's phase, containers (state, restarts, last termination), its events and the end of its crashed log",
  input: PodStatusInput,
  mutating: false,
  outputs: {
    phase: 'The pod phase: Pending, Running, Succeeded, Failed, Unknown',
    containers: 'JSON: [{"name","ready","restartCount","state","lastTermination"}]',
    lastTermination: 'The last termination of the most restarted container, e.g. "app: OOMKilled, exit 137"',
    events: 'The pod\'s latest events, one a line: "<type> <reason> (x<count>): <message>"',
    logTail: 'The last lines (at most 4 KiB) of the previous instance of the most restarted container',
  },
  target: (input) => `Pod ${input.namespace}/${input.pod} on ${input.cluster}`,
  run: (input, ctx) => import('./run/pod-status.js').then((module) => module.run(input, ctx)),
});
