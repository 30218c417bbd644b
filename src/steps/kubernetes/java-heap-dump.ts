import { defineStep } from '../runtime/step.js';
import { JavaHeapDumpInput } from './inputs/java-heap-dump.js';

export const javaHeapDump = defineStep({
  system: 'kubernetes',
  name: 'java-heap-dump',
  description:
    'Dump the heap of a JVM in a container with `jcmd <pid> GC.heap_dump`, copy it out as a file output and remove it from the container',
  input: JavaHeapDumpInput,
  // The dump pauses the JVM and fills the container's disk for a while.
  mutating: true,
  outputs: { sizeBytes: 'Size of the heap dump in bytes' },
  files: { heapdump: 'The heap dump (HPROF)' },
  target: (input) => `Pod ${input.namespace}/${input.pod} on ${input.cluster}`,
  run: (input, ctx) => import('./run/java-heap-dump.js').then((module) => module.run(input, ctx)),
});
