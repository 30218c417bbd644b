import * as z from 'zod';
import { IdempotencyKey } from './shared.js';

/** Jira labels hold no whitespace and at most 255 characters. */
const Label = z
  .string()
  .min(1)
  .max(255)
  .regex(/^\S+$/, 'must not contain whitespace (Jira labels)')
  .describe('Jira label');

export const IssueCreateInput = z.strictObject({
  project: z
    .string()
    .max(10)
    .regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'must be a Jira project key: an upper-case letter, then 1-9 of A-Z, 0-9, "_"')
    .describe('Jira project key, e.g. OPS'),
  issueType: z.string().min(1).max(60).default('Task').describe('Issue type name in that project, e.g. Task or Bug'),
  summary: z
    .string()
    .min(1)
    .max(255)
    .refine((text) => !/[\r\n]/.test(text), 'must be one line')
    .describe('Issue summary (one line, at most 255 characters)'),
  description: z
    .string()
    .max(32_000)
    .default('')
    .describe('Issue description as plain text; blank lines separate paragraphs (Cloud: converted to ADF)'),
  labels: z.array(Label).max(20).default([]).describe('Extra labels (JSON array), besides opsflow-<idempotencyKey>'),
  idempotencyKey: IdempotencyKey,
});

export type IssueCreateInput = z.infer<typeof IssueCreateInput>;
