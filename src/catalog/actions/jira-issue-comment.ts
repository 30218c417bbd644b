import { IssueCommentInput } from '../../steps/jira/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const jiraIssueComment = defineAction({
  name: 'jira-issue-comment',
  title: 'Comment on a Jira issue, once per idempotency key',
  description: actionDescription({
    summary:
      'Add a plain-text comment to `issue`, marked with the idempotency key; a comment with that marker already on ' +
      'the issue is returned instead of adding another.',
    changes: 'a new comment on the issue.',
    needs: "the site's Jira (`jira.url`, `jira.deployment`, `jira.token`) allowed to read and comment on the issue.",
    outputs: '`commentId` and `result`.',
    example: {
      template: 'jira-issue-comment',
      parameters: { issue: 'OPS-123', body: 'The DIMM was replaced.', idempotencyKey: 'chg-1234-done' },
    },
  }),
  step: {
    system: 'jira',
    name: 'issue-comment',
    input: IssueCommentInput,
    mutating: true,
    outputs: { commentId: 'Id of the comment (empty on a dry run that would add it)' },
  },
  // Read-then-comment, per issue: two runs on one issue at once could both miss the other's marker.
  mutex: { prefix: 'jira-issue-comment', by: ['issue'] },
});
