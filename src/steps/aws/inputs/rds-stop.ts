import * as z from '../../../common/zod-mini.js';
import { Instance, Region, SnapshotIdentifier, waiting } from './shared.js';

export const RdsStopInput = z.strictObject({
  instance: Instance,
  region: Region,
  snapshotIdentifier: z
    .optional(SnapshotIdentifier)
    .check(z.describe('Take a DB snapshot with this identifier right before the instance stops')),
  ...waiting,
});

export type RdsStopInput = z.infer<typeof RdsStopInput>;
