import * as z from 'zod';

/** A related Nautobot object for new devices: its UUID, or its name (device types: their model). */
const RelatedObject = (what: string) =>
  z
    .string()
    .min(1)
    .max(255)
    .refine((value) => value.trim() === value, 'must not start or end with whitespace')
    .optional()
    .describe(`${what} of devices the sync creates: a Nautobot UUID or a name (needed only to create devices)`);

export const newDevices = {
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
export function newDevicesTogether(
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
