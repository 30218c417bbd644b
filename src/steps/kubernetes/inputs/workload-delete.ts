import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

/** Every kind `workload-delete` knows; the site's `kubernetes.deletableKinds` narrows it (`OPSFLOW_DELETABLE_KINDS`). */
export const DeletableKind = z.enum(['Pod', 'Job', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);

export type DeletableKind = z.infer<typeof DeletableKind>;

export const WorkloadDeleteInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: DeletableKind.check(
    z.describe('Kind of the object to delete; only kinds the site allows (kubernetes.deletableKinds)'),
  ),
  name: ObjectName,
});

export type WorkloadDeleteInput = z.infer<typeof WorkloadDeleteInput>;
