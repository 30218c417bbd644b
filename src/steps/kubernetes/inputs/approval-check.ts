import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const ApprovalCheckInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.describe('Namespace of the Workflow'),
  workflow: ObjectName.describe('Name of the Workflow whose approval is checked'),
  node: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9][-a-z0-9.]*$/)
    .describe('Id of the approval (suspend) node in the Workflow status'),
  terms: z
    .string()
    .min(2)
    .max(4096)
    .describe('The approval terms of the run, as JSON: {"by": [roles], "selfApproval": bool, "timeout": "30m"}'),
});

export type ApprovalCheckInput = z.infer<typeof ApprovalCheckInput>;
