import * as z from 'zod';
import { newDevices, newDevicesTogether } from './shared.js';

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
