import type { z } from 'zod';
import { DNS_LABEL } from '../constructs/validation.js';

/**
 * The mutex of an action's target, built from the parameters that name the target: two Workflows whose parameters
 * have the same values wait for each other. Actions that touch the same kind of target share `kind` (e.g.
 * `nova-compute-host` for disabling, enabling and draining one host), so they serialize with each other too.
 *
 * The one place where a target key is encoded from parameters: every action builds its mutex here.
 */
export function targetMutex<Schema extends z.ZodObject>(
  kind: string,
  input: Schema,
  parameters: readonly (keyof Schema['shape'] & string)[],
): string {
  if (!DNS_LABEL.test(kind)) {
    throw new Error(`targetMutex: kind must be a lowercase RFC 1123 label, got ${JSON.stringify(kind)}`);
  }
  if (parameters.length === 0) throw new Error(`targetMutex ${kind}: needs the parameters that name the target`);
  const unknown = parameters.filter((name) => !(name in input.shape));
  if (unknown.length > 0) {
    throw new Error(
      `targetMutex ${kind}: ${unknown.map((name) => JSON.stringify(name)).join(', ')} is not an input of the step ` +
        `(inputs: ${Object.keys(input.shape).join(', ')})`,
    );
  }
  return [kind, ...parameters.map((name) => `{{workflow.parameters.${name}}}`)].join('-');
}
