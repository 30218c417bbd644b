import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const RunGuardInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.describe('Namespace of the Workflow'),
  workflow: ObjectName.describe('Name of the Workflow whose run is counted'),
  action: ObjectName.describe('The action the Workflow runs'),
  limits: z
    .string()
    .min(2)
    // The template writes it from the site's roles: a few hundred bytes per role.
    .max(65_536)
    .describe(
      'The action\'s run limits by role, as JSON: {"<role>": {"perCaller": {"runs", "window"}, "overall": ...}}',
    ),
  approvals: z
    .string()
    .min(2)
    .max(65_536)
    .describe(
      'The action\'s approval terms by role ("*": any other run), as JSON: {"<role>": {"by": [roles], "selfApproval", "timeout"}}',
    ),
});

export type RunGuardInput = z.infer<typeof RunGuardInput>;
