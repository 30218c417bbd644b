import { defineStep } from '../runtime/step.js';
import { RunGuardInput } from './inputs/run-guard.js';

/**
 * The first node of an action with run limits or approvals: counts the run against the limits of the role that
 * started it (the `opsflow.io/role` label the admission policy requires), refuses it (exit 3) when a window is
 * full, and says whether this run waits for an approval and on what terms (outputs `approval`, `approvalTimeout`,
 * `approvalTerms`): the template is shared by every role, the label is what tells them apart.
 */
export const runGuard = defineStep({
  system: 'kubernetes',
  name: 'run-guard',
  description:
    "Count the run against its role's run limits; refuse it (exit 3) when the caller or the action is over; say whether it waits for an approval",
  input: RunGuardInput,
  // It records the run; a dry run of the action only checks the limits.
  mutating: true,
  outputs: {
    approval: '`required` when this run waits for an approval, else `none`',
    approvalTimeout: 'How long the approval waits before the run is rejected ("" for no limit)',
    approvalTerms: 'The approval terms of this run as JSON ("" when none)',
  },
  target: (input) => `run ${input.namespace}/${input.workflow} of ${input.action}`,
  run: (input, ctx) => import('./run/run-guard.js').then((module) => module.run(input, ctx)),
});
