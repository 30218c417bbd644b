import * as z from '../../../common/zod-mini.js';
import { Instance, Region, waiting } from './shared.js';

export const RdsRebootInput = z.strictObject({
  instance: Instance,
  region: Region,
  forceFailover: z
    ._default(z.boolean(), false)
    .check(z.describe('Reboot with a failover to the standby; only valid for a Multi-AZ instance')),
  ...waiting,
});

export type RdsRebootInput = z.infer<typeof RdsRebootInput>;
