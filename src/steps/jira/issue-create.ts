import { defineStep } from '../runtime/step.js';
import { IssueCreateInput } from './inputs/issue-create.js';

/**
 * Opens a Jira issue once per idempotency key: the issue carries the label `opsflow-<key>`, and every attempt
 * searches for it first (JQL), so a retry, or a create whose answer was lost, finds the issue instead of opening a
 * second one.
 */
export const issueCreate = defineStep({
  system: 'jira',
  name: 'issue-create',
  description:
    'Open a Jira issue (Cloud REST v3 with an ADF description, or Server/Data Center v2), once per idempotency key',
  input: IssueCreateInput,
  mutating: true,
  outputs: { issueKey: 'Key of the issue, e.g. OPS-123', issueUrl: 'Browser link of the issue' },
  target: (input) => `Jira issue in ${input.project} for ${input.idempotencyKey}`,
  run: (input, ctx) => import('./run/issue-create.js').then((module) => module.run(input, ctx)),
});
