import * as z from '../../../common/zod-mini.js';
import { newDevices, newDevicesTogether } from './shared.js';

export const DeviceSyncInput = z
  .strictObject({
    node: z
      .string()
      .check(
        z.maxLength(255),
        z.regex(/^[A-Za-z0-9._~-]+$/, 'must be an Ironic node name or UUID (letters, digits, ".", "_", "~", "-")'),
        z.describe('Ironic node name or UUID'),
      ),
    ...newDevices,
  })
  .check(z.superRefine(newDevicesTogether));

export type DeviceSyncInput = z.infer<typeof DeviceSyncInput>;
