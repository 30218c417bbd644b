import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const NodeConditionsInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.check(z.describe('Name of a pod: the node it is scheduled on is read')),
});

export type NodeConditionsInput = z.infer<typeof NodeConditionsInput>;
