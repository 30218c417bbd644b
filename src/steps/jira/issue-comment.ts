import { commentText, findOrMake } from '../../clients/jira/client.js';
import { defineStep } from '../runtime/step.js';
import { connectJira, opsflowLabel, withJiraErrors } from './common.js';
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
  async run(input, ctx) {
    const jira = await connectJira(ctx);
    const marker = `[${opsflowLabel(input.idempotencyKey)}]`;
    const text = `${input.body}\n\n${marker}`;
    const find = async () =>
      (await withJiraErrors(`read the comments of ${input.issue}`, () => jira.comments(input.issue))).find((c) =>
        commentText(c).includes(marker),
      );

    if (ctx.dryRun) {
      const existing = await find();
      await ctx.output('commentId', existing?.id ?? '');
      return existing
        ? { outcome: 'unchanged', message: `${input.issue} already has comment ${existing.id} ${marker}` }
        : { outcome: 'dry-run', message: `would comment on ${input.issue} ${marker}` };
    }
    const { value: comment, made } = await withJiraErrors(`comment on ${input.issue}`, () =>
      findOrMake(find, () => jira.addComment(input.issue, text), ctx.signal),
    );
    await ctx.output('commentId', comment.id);
    return made
      ? { outcome: 'changed', message: `commented on ${input.issue}`, details: { commentId: comment.id } }
      : { outcome: 'unchanged', message: `${input.issue} already has comment ${comment.id} ${marker}` };
  },
});
