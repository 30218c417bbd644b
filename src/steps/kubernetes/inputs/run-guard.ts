import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

export const RunGuardInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.check(z.describe('Namespace of the Workflow')),
  workflow: ObjectName.check(z.describe('Name of the Workflow whose run is counted')),
  action: ObjectName.check(z.describe('The action the Workflow runs')),
  limits: z.string().check(
    z.minLength(2),
    // The template writes it from the site's roles: a few hundred bytes per role.
    z.maxLength(65_536),
    z.describe(
      'The action\'s run limits by role, as JSON: {"<role>": {"perCaller": {"runs", "window"}, "overall": ...}}',
    ),
  ),
  approvals: z
    .string()
    .check(
      z.minLength(2),
      z.maxLength(65_536),
      z.describe(
        'The action\'s approval terms by role ("*": any other run), as JSON: {"<role>": {"by": [roles], "selfApproval", "timeout"}}',
      ),
    ),
});

export type RunGuardInput = z.infer<typeof RunGuardInput>;
