import * as z from '../../../common/zod-mini.js';

const Wait = z._default(z.boolean(), true).check(z.describe('Wait until the node reaches the target state'));

export const TimeoutSeconds = z
  ._default(z.int().check(z.minimum(1), z.maximum(14_400)), 1800)
  .check(z.describe('How long to wait before giving up (exit 75; running the step again resumes the wait)'));

export const PollIntervalSeconds = z
  ._default(z.number().check(z.minimum(0.1), z.maximum(300)), 5)
  .check(z.describe('Seconds between two reads of the node while waiting'));

export const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };

/** Keystone names: projects, users, groups, roles, domains (255 characters at most in Keystone's schema). */
export const KeystoneName = (what: string) =>
  z.string().check(
    z.minLength(1),
    z.maxLength(255),
    z.refine((name) => name.trim() === name, 'must not start or end with whitespace'),
    z.describe(what),
  );

// ---- Ironic --------------------------------------------------------------------------------------------------

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

// ---- Nova (server, compute service and hypervisor steps) -----------------------------------------------------

export const ServerId = z
  .uuid({ message: 'must be a Nova server UUID' })
  .check(z.maxLength(36), z.describe('Nova server UUID'));

export const ServerPollIntervalSeconds = PollIntervalSeconds.check(
  z.describe('Seconds between two reads of the server while waiting'),
);

/** A compute host as Nova names it (`OS-EXT-SRV-ATTR:host`, `openstack compute service list`). */
export const ComputeHost = (what: string) =>
  z
    .string()
    .check(
      z.maxLength(255),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a compute host name (letters, digits, ".", "_", "-")'),
      z.describe(what),
    );

export const ServiceReason = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(255),
    z.describe('Why the compute service is disabled (Nova disabled_reason, shown in `openstack compute service list`)'),
  );

export const BlockMigration = z
  ._default(z.enum(['auto', 'true', 'false']), 'auto')
  .check(z.describe('Live migration block_migration: auto (Nova decides, microversion >= 2.25), true or false'));
