import * as z from '../../../common/zod-mini.js';

/** A related Nautobot object for new devices: its UUID, or its name (device types: their model). */
const RelatedObject = (what: string) =>
  z
    .optional(
      z.string().check(
        z.minLength(1),
        z.maxLength(255),
        z.refine((value) => value.trim() === value, 'must not start or end with whitespace'),
      ),
    )
    .check(
      z.describe(`${what} of devices the sync creates: a Nautobot UUID or a name (needed only to create devices)`),
    );

export const newDevices = {
  role: RelatedObject('Role'),
  deviceType: RelatedObject('Device type (UUID or model)'),
  location: RelatedObject('Location'),
  deleteUnknownInterfaces: z
    ._default(z.boolean(), false)
    .check(z.describe('Delete interfaces of a synced device that match no Ironic port (default: keep them)')),
  interfaceType: z
    ._default(
      z
        .string()
        .check(
          z.maxLength(100),
          z.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a Nautobot interface type such as "other" or "25gbase-x-sfp28"'),
        ),
      'other',
    )
    .check(z.describe('Type of the interfaces the sync creates')),
};

/** role, deviceType and location go together: new devices need all three, and without any no device is created. */
export function newDevicesTogether(
  input: { readonly role?: string; readonly deviceType?: string; readonly location?: string },
  ctx: z.core.$RefinementCtx,
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
