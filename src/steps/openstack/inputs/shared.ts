import * as z from 'zod';

const Wait = z.boolean().default(true).describe('Wait until the node reaches the target state');

export const TimeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(14_400)
  .default(1800)
  .describe('How long to wait before giving up (exit 75; running the step again resumes the wait)');

export const PollIntervalSeconds = z
  .number()
  .min(0.1)
  .max(300)
  .default(5)
  .describe('Seconds between two reads of the node while waiting');

export const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };

/** Keystone names: projects, users, groups, roles, domains (255 characters at most in Keystone's schema). */
export const KeystoneName = (what: string) =>
  z
    .string()
    .min(1)
    .max(255)
    .refine((name) => name.trim() === name, 'must not start or end with whitespace')
    .describe(what);

// ---- Ironic --------------------------------------------------------------------------------------------------

/** Ironic node names are RFC 3986 unreserved characters; a UUID matches too. */
export const Node = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name or UUID (letters, digits, ".", "_", "~", "-")')
  .describe('Ironic node name or UUID');

/** A manual clean step, as Ironic's `clean_steps` takes it. */
export const CleanStep = z.strictObject({
  interface: z
    .enum(['bios', 'deploy', 'management', 'power', 'raid', 'firmware'])
    .describe('Driver interface that runs the step'),
  step: z
    .string()
    .max(255)
    .regex(/^[a-z][a-z0-9_]*$/, 'must be a clean step name such as "erase_devices"')
    .describe('Clean step name'),
  args: z.record(z.string().max(255), z.unknown()).optional().describe('Arguments of the step'),
});

export type CleanStep = z.infer<typeof CleanStep>;

export const CleanSteps = z
  .array(CleanStep)
  .min(1)
  .max(50)
  .describe('Manual clean steps as JSON, e.g. [{"interface":"deploy","step":"erase_devices_metadata"}]');

// ---- Nova (server, compute service and hypervisor steps) -----------------------------------------------------

export const ServerId = z.uuid({ message: 'must be a Nova server UUID' }).max(36).describe('Nova server UUID');

export const ServerPollIntervalSeconds = PollIntervalSeconds.describe(
  'Seconds between two reads of the server while waiting',
);

/** A compute host as Nova names it (`OS-EXT-SRV-ATTR:host`, `openstack compute service list`). */
export const ComputeHost = (what: string) =>
  z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a compute host name (letters, digits, ".", "_", "-")')
    .describe(what);

export const ServiceReason = z
  .string()
  .min(1)
  .max(255)
  .describe('Why the compute service is disabled (Nova disabled_reason, shown in `openstack compute service list`)');

export const BlockMigration = z
  .enum(['auto', 'true', 'false'])
  .default('auto')
  .describe('Live migration block_migration: auto (Nova decides, microversion >= 2.25), true or false');
