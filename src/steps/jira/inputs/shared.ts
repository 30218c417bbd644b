import * as z from 'zod';

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must hold only letters, digits, "_", "." and "-" (it becomes a Jira label)')
  .describe(
    'What makes a retry find its own work instead of doing it twice, usually the Workflow uid ({{workflow.uid}})',
  );
