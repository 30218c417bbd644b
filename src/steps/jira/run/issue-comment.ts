import { commentText, findOrMake } from '../../../clients/jira/client.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { IssueCommentInput } from '../inputs/issue-comment.js';
import { connectJira, opsflowLabel, withJiraErrors } from './common.js';

export async function run(input: IssueCommentInput, ctx: StepContext): Promise<StepResult> {
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
}
