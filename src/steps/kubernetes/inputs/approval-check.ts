import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const ApprovalCheckInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.check(z.describe('Namespace of the Workflow')),
  workflow: ObjectName.check(z.describe('Name of the Workflow whose approval is checked')),
  node: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(253),
      z.regex(/^[a-z0-9][-a-z0-9.]*$/),
      z.describe('Id of the approval (suspend) node in the Workflow status'),
    ),
  terms: z
    .string()
    .check(
      z.minLength(2),
      z.maxLength(4096),
      z.describe('The approval terms of the run, as JSON: {"by": [roles], "selfApproval": bool, "timeout": "30m"}'),
    ),
});

export type ApprovalCheckInput = z.infer<typeof ApprovalCheckInput>;
