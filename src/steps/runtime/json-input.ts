import * as z from '../../common/zod-mini.js';
import { InvalidInputError } from './errors.js';

/**
 * An input that holds JSON written by the template (run limits, approval terms): parsed and checked with `schema`,
 * or an InvalidInputError (exit 2) worded as readStepInput words a bad field: the step, the field and the value.
 */
export function parseJsonInput<T>(step: string, field: string, text: string, schema: z.core.$ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidInputError(`invalid input for ${step}:\n  ${field}: not JSON (got ${JSON.stringify(text)})`);
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    throw new InvalidInputError(`invalid input for ${step}:\n  ${field}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
