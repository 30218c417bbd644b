import * as z from 'zod';

/**
 * Input schemas of the Nautobot sync steps. Each one is also the WorkflowTemplate parameters of the actions that run
 * the step and what `opsflow run` validates, so it is declared once here. Where Nautobot and OpenStack are is not
 * an input: `NAUTOBOT_URL` + `NAUTOBOT_TOKEN(_FILE)` and the OpenStack environment (docs/nautobot-sync.md).
 */

/** A related Nautobot object for new devices: its UUID, or its name (device types: their model). */
const RelatedObject = (what: string) =>
  z
    .string()
    .min(1)
    .max(255)
    .refine((value) => value.trim() === value, 'must not start or end with whitespace')
    .optional()
    .describe(`${what} of devices the sync creates: a Nautobot UUID or a name (needed only to create devices)`);

const newDevices = {
  role: RelatedObject('Role'),
  deviceType: RelatedObject('Device type (UUID or model)'),
  location: RelatedObject('Location'),
  deleteUnknownInterfaces: z
    .boolean()
    .default(false)
    .describe('Delete interfaces of a synced device that match no Ironic port (default: keep them)'),
  interfaceType: z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a Nautobot interface type such as "other" or "25gbase-x-sfp28"')
    .default('other')
    .describe('Type of the interfaces the sync creates'),
};

/** role, deviceType and location go together: new devices need all three, and without any no device is created. */
function newDevicesTogether(
  input: { readonly role?: string; readonly deviceType?: string; readonly location?: string },
  ctx: z.RefinementCtx,
): void {
  const given = (['role', 'deviceType', 'location'] as const).filter((key) => input[key] !== undefined);
  if (given.length === 0 || given.length === 3) return;
  for (const key of (['role', 'deviceType', 'location'] as const).filter((k) => input[k] === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `required with ${given.join(' and ')} (new devices need role, deviceType and location)`,
    });
  }
}

export const DeviceSyncInput = z
  .strictObject({
    node: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name or UUID (letters, digits, ".", "_", "~", "-")')
      .describe('Ironic node name or UUID'),
    ...newDevices,
  })
  .superRefine(newDevicesTogether);
export type DeviceSyncInput = z.infer<typeof DeviceSyncInput>;

export const TenantSyncInput = z.strictObject({
  projectId: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Keystone project id')
    .describe('Keystone project id'),
  deleteIfMissing: z
    .boolean()
    .default(false)
    .describe('Delete the tenant when the project no longer exists in Keystone (default: keep it and warn)'),
});
export type TenantSyncInput = z.infer<typeof TenantSyncInput>;

export const ResyncInput = z
  .strictObject({
    ...newDevices,
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(32)
      // A nightly job: 2 meets the bench's targets (docs/nautobot-sync.md) and keeps Nautobot's heaviest listings from
      // crowding out its users; raise it where the wall time matters more.
      .default(2)
      .describe('Requests in flight at once, over Keystone, Ironic and Nautobot together'),
    pageSize: z.number().int().min(50).max(1000).default(1000).describe('Objects per page when listing both sides'),
    bulkSize: z.number().int().min(1).max(1000).default(500).describe('Objects per Nautobot bulk write'),
    maxDecommission: z
      .number()
      .int()
      .min(0)
      .default(100)
      .describe(
        'Most devices one run may decommission; more stops the run before any write (exit 3), as when Ironic lists ' +
          'too few nodes (a credential that sees only some, the wrong region). Raise it for a real mass removal',
      ),
  })
  .superRefine(newDevicesTogether);
export type ResyncInput = z.infer<typeof ResyncInput>;

/** resync's file output `plan` (the step and its catalog action share it). */
export const PLAN_DESCRIPTION =
  'Every write the sync made (or, with --dry-run, would make), one JSON object a line: {"write": "deviceCreates" | ' +
  '"deviceUpdates" | "interfaceCreates" | "interfaceUpdates" | "interfaceDeletes" | "decommissioned", ...the write}';
