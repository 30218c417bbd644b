import { defineStep } from '../runtime/step.js';
import { IssueCommentInput } from './inputs/issue-comment.js';

/**
 * Comments on a Jira issue once per idempotency key: the comment ends with the marker `[opsflow-<key>]`, and every
 * attempt reads the issue's comments for it first, so a retry finds the comment instead of adding a second one.
 */
export const issueComment = defineStep({
  system: 'jira',
  name: 'issue-comment',
  description: 'Add a comment to a Jira issue, once per idempotency key (a marker in the comment)',
  input: IssueCommentInput,
  mutating: true,
  outputs: { commentId: 'Id of the comment (empty on a dry run that would add it)' },
  target: (input) => `comment on ${input.issue} for ${input.idempotencyKey}`,
  run: (input, ctx) => import('./run/issue-comment.js').then((module) => module.run(input, ctx)),
});
