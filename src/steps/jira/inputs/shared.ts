import * as z from '../../../common/zod-mini.js';

export const IdempotencyKey = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(100),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
      'must hold only letters, digits, "_", "." and "-" (it becomes a Jira label)',
    ),
    z.describe(
      'What makes a retry find its own work instead of doing it twice, usually the Workflow uid ({{workflow.uid}})',
    ),
  );
