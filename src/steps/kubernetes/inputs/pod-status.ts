import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const PodStatusInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.check(z.describe('Name of the pod, e.g. the `pod` label of a KubePodCrashLooping alert')),
  tailLines: z
    ._default(z.int().check(z.minimum(1), z.maximum(200)), 30)
    .check(z.describe('Last lines of the previous (crashed) instance of the most restarted container, in `logTail`')),
});

export type PodStatusInput = z.infer<typeof PodStatusInput>;
