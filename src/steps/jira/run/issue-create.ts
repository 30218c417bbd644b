import { findOrMake } from '../../../clients/jira/client.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { IssueCreateInput } from '../inputs/issue-create.js';
import { connectJira, opsflowLabel, withJiraErrors } from './common.js';

export async function run(input: IssueCreateInput, ctx: StepContext): Promise<StepResult> {
  const jira = await connectJira(ctx);
  const label = opsflowLabel(input.idempotencyKey);
  const labels = [...new Set([label, ...input.labels])];
  const find = async () => {
    const found = await withJiraErrors(`search ${input.project} for label ${label}`, () =>
      jira.issuesWithLabel(input.project, label),
    );
    if (found.length > 1) ctx.log.warn('several-issues-found', { label, issues: found.map((issue) => issue.key) });
    return found[0];
  };
  const report = async (key: string) => {
    await ctx.output('issueKey', key);
    await ctx.output('issueUrl', jira.browseUrl(key));
  };

  if (ctx.dryRun) {
    const existing = await find();
    if (existing) {
      await report(existing.key);
      return { outcome: 'unchanged', message: `issue ${existing.key} already exists for ${label}` };
    }
    await report('');
    return {
      outcome: 'dry-run',
      message: `would open a ${input.issueType} in ${input.project}: ${input.summary}`,
      details: { labels, deployment: jira.deployment },
    };
  }

  const {
    value: issue,
    made,
    rounds,
  } = await withJiraErrors(`create an issue in ${input.project}`, () =>
    findOrMake(
      find,
      () =>
        jira.createIssue({
          project: input.project,
          issueType: input.issueType,
          summary: input.summary,
          description: input.description,
          labels,
        }),
      ctx.signal,
    ),
  );
  // Another round searched first: the issue it shows is the one an earlier attempt made (answer lost) or found.
  if (rounds > 1) ctx.log.info('create-retried', { rounds, issue: issue.key });
  await report(issue.key);
  return made
    ? { outcome: 'changed', message: `opened ${issue.key}: ${input.summary}`, details: { issue: issue.key, labels } }
    : {
        outcome: 'unchanged',
        message: `issue ${issue.key} already exists for ${label}`,
        details: { issue: issue.key },
      };
}
