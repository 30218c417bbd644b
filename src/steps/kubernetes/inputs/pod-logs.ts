import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const PodLogsInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z
    ._default(z.enum(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job']), 'Pod')
    .check(z.describe('A Pod, or a workload whose pods (by spec.selector.matchLabels) are all read')),
  name: ObjectName,
  container: z
    .optional(z.string().check(z.maxLength(63), z.regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)))
    .check(z.describe('Only this container; default every container of each pod')),
  previous: z
    ._default(z.boolean(), false)
    .check(z.describe('Logs of the previous (crashed) container instead of the running one')),
  tailLines: z
    .optional(z.int().check(z.minimum(1), z.maximum(100_000)))
    .check(z.describe('Only the last lines of each container')),
  sinceSeconds: z.optional(z.int().check(z.minimum(1))).check(z.describe('Only lines newer than this many seconds')),
});

export type PodLogsInput = z.infer<typeof PodLogsInput>;
