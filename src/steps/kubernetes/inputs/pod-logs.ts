import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const PodLogsInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z
    .enum(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'])
    .default('Pod')
    .describe('A Pod, or a workload whose pods (by spec.selector.matchLabels) are all read'),
  name: ObjectName,
  container: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .optional()
    .describe('Only this container; default every container of each pod'),
  previous: z.boolean().default(false).describe('Logs of the previous (crashed) container instead of the running one'),
  tailLines: z.number().int().min(1).max(100_000).optional().describe('Only the last lines of each container'),
  sinceSeconds: z.number().int().min(1).optional().describe('Only lines newer than this many seconds'),
});

export type PodLogsInput = z.infer<typeof PodLogsInput>;
