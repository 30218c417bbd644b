import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const NodeConditionsInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of a pod: the node it is scheduled on is read'),
});

export type NodeConditionsInput = z.infer<typeof NodeConditionsInput>;
