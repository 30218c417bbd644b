import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const WorkloadRestartInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']).check(z.describe('Kind of the workload to restart')),
  name: ObjectName,
  wait: z._default(z.boolean(), true).check(z.describe('Wait until the rollout completes (or the pod is replaced)')),
  timeoutSeconds: z
    ._default(z.int().check(z.minimum(1), z.maximum(3600)), 600)
    .check(z.describe('How long to wait for the rollout')),
  minIntervalMinutes: z
    ._default(z.int().check(z.minimum(0), z.maximum(1440)), 0)
    .check(
      z.describe(
        'Refuse (exit 3) to restart a workload restarted less than this many minutes ago (its kubectl.kubernetes.io/restartedAt); 0 = no cool-down; not for kind Pod',
      ),
    ),
});

export type WorkloadRestartInput = z.infer<typeof WorkloadRestartInput>;
