import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const RolloutStatusInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.check(z.describe('Name of a pod of the workload, e.g. the `pod` label of an alert')),
});

export type RolloutStatusInput = z.infer<typeof RolloutStatusInput>;
