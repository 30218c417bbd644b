import * as z from '../../../common/zod-mini.js';
import { IdempotencyKey } from './shared.js';

/** Jira labels hold no whitespace and at most 255 characters. */
const Label = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(255),
    z.regex(/^\S+$/, 'must not contain whitespace (Jira labels)'),
    z.describe('Jira label'),
  );

export const IssueCreateInput = z.strictObject({
  project: z
    .string()
    .check(
      z.maxLength(10),
      z.regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'must be a Jira project key: an upper-case letter, then 1-9 of A-Z, 0-9, "_"'),
      z.describe('Jira project key, e.g. OPS'),
    ),
  issueType: z
    ._default(z.string().check(z.minLength(1), z.maxLength(60)), 'Task')
    .check(z.describe('Issue type name in that project, e.g. Task or Bug')),
  summary: z.string().check(
    z.minLength(1),
    z.maxLength(255),
    z.refine((text) => !/[\r\n]/.test(text), 'must be one line'),
    z.describe('Issue summary (one line, at most 255 characters)'),
  ),
  description: z
    ._default(z.string().check(z.maxLength(32_000)), '')
    .check(z.describe('Issue description as plain text; blank lines separate paragraphs (Cloud: converted to ADF)')),
  labels: z
    ._default(z.array(Label).check(z.maxLength(20)), [])
    .check(z.describe('Extra labels (JSON array), besides opsflow-<idempotencyKey>')),
  idempotencyKey: IdempotencyKey,
});

export type IssueCreateInput = z.infer<typeof IssueCreateInput>;
