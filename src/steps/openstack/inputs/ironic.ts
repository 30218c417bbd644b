// Ironic nodes and clean steps.
// The fields several OpenStack steps share are one module per concern: a bundle loads whole modules, so a
// step's program builds the shared schemas it uses and no others.
import * as z from '../../../common/zod-mini.js';

/** Ironic node names are RFC 3986 unreserved characters; a UUID matches too. */
export const Node = z
  .string()
  .check(
    z.maxLength(255),
    z.regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name or UUID (letters, digits, ".", "_", "~", "-")'),
    z.describe('Ironic node name or UUID'),
  );

/** A manual clean step, as Ironic's `clean_steps` takes it. */
export const CleanStep = z.strictObject({
  interface: z
    .enum(['bios', 'deploy', 'management', 'power', 'raid', 'firmware'])
    .check(z.describe('Driver interface that runs the step')),
  step: z
    .string()
    .check(
      z.maxLength(255),
      z.regex(/^[a-z][a-z0-9_]*$/, 'must be a clean step name such as "erase_devices"'),
      z.describe('Clean step name'),
    ),
  args: z
    .optional(z.record(z.string().check(z.maxLength(255)), z.unknown()))
    .check(z.describe('Arguments of the step')),
});

export type CleanStep = z.infer<typeof CleanStep>;

export const CleanSteps = z
  .array(CleanStep)
  .check(
    z.minLength(1),
    z.maxLength(50),
    z.describe('Manual clean steps as JSON, e.g. [{"interface":"deploy","step":"erase_devices_metadata"}]'),
  );
