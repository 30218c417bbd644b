import * as z from 'zod';
import { IdempotencyKey } from './shared.js';

export const IssueCommentInput = z.strictObject({
  issue: z
    .string()
    .max(40)
    .regex(/^[A-Z][A-Z0-9_]{1,9}-[1-9]\d*$/, 'must be a Jira issue key such as OPS-123')
    .describe('Issue key, e.g. OPS-123 (the issueKey output of issue-create)'),
  body: z.string().min(1).max(32_000).describe('Comment as plain text; blank lines separate paragraphs'),
  idempotencyKey: IdempotencyKey,
});

export type IssueCommentInput = z.infer<typeof IssueCommentInput>;
