import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const WorkloadRestartInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']).describe('Kind of the workload to restart'),
  name: ObjectName,
  wait: z.boolean().default(true).describe('Wait until the rollout completes (or the pod is replaced)'),
  timeoutSeconds: z.number().int().min(1).max(3600).default(600).describe('How long to wait for the rollout'),
  minIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(0)
    .describe(
      'Refuse (exit 3) to restart a workload restarted less than this many minutes ago (its kubectl.kubernetes.io/restartedAt); 0 = no cool-down; not for kind Pod',
    ),
});

export type WorkloadRestartInput = z.infer<typeof WorkloadRestartInput>;
