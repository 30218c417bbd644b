import { defineStep } from '../runtime/step.js';
import { ApprovalCheckInput } from './inputs/approval-check.js';

/**
 * Runs right after an approval node, whatever its outcome: reads the decision Argo Server recorded on the Workflow
 * (the actor labels of the resume or stop, src/governance/approval.ts), records the verdict as labels, an
 * annotation and output parameters (all kept by the archive), and fails the run (exit 3) unless it was approved
 * by someone the terms allow.
 */
export const approvalCheck = defineStep({
  system: 'kubernetes',
  name: 'approval-check',
  description:
    'Check and record who approved or rejected the run, and when; fail it (exit 3) unless an allowed approver approved it in time',
  input: ApprovalCheckInput,
  // It writes only its own Workflow's record, never a target.
  mutating: false,
  outputs: {
    verdict: '`approved`, `rejected`, `timed-out` or `refused`',
    approver: 'Who decided, as Argo Server labelled the Workflow (`none` when nobody did)',
    reason: 'The verdict in words, naming the approver, the requester and the rule',
  },
  target: (input) => `approval of ${input.namespace}/${input.workflow}`,
  run: (input, ctx) => import('./run/approval-check.js').then((module) => module.run(input, ctx)),
});
