import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const PodStatusInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of the pod, e.g. the `pod` label of a KubePodCrashLooping alert'),
  tailLines: z
    .number()
    .int()
    .min(1)
    .max(200)
    .default(30)
    .describe('Last lines of the previous (crashed) instance of the most restarted container, in `logTail`'),
});

export type PodStatusInput = z.infer<typeof PodStatusInput>;
