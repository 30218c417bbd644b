import * as z from '../../../common/zod-mini.js';
import { IdempotencyKey } from './shared.js';

export const IssueCommentInput = z.strictObject({
  issue: z
    .string()
    .check(
      z.maxLength(40),
      z.regex(/^[A-Z][A-Z0-9_]{1,9}-[1-9]\d*$/, 'must be a Jira issue key such as OPS-123'),
      z.describe('Issue key, e.g. OPS-123 (the issueKey output of issue-create)'),
    ),
  body: z
    .string()
    .check(z.minLength(1), z.maxLength(32_000), z.describe('Comment as plain text; blank lines separate paragraphs')),
  idempotencyKey: IdempotencyKey,
});

export type IssueCommentInput = z.infer<typeof IssueCommentInput>;
