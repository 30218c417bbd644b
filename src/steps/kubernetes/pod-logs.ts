import { defineStep } from '../runtime/step.js';
import { PodLogsInput } from './inputs/pod-logs.js';

export const podLogs = defineStep({
  system: 'kubernetes',
  name: 'pod-logs',
  description: 'Collect the logs of a pod, or of every pod of a workload, all containers, into one file',
  input: PodLogsInput,
  mutating: false,
  files: {
    logs:
      'The logs, one section per pod and container headed "==> pod/<pod> container/<container> <=="; without an ' +
      'artifact repository, their last OPSFLOW_FILE_OUTPUT_MAX_BYTES bytes, as an output parameter',
  },
  cappedFiles: ['logs'],
  target: (input) => `${input.kind} ${input.namespace}/${input.name} on ${input.cluster}`,
  run: (input, ctx) => import('./run/pod-logs.js').then((module) => module.run(input, ctx)),
});
