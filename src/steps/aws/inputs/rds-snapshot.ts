import * as z from '../../../common/zod-mini.js';
import { Instance, Region, SnapshotIdentifier, waiting } from './shared.js';

export const RdsSnapshotInput = z.strictObject({
  instance: Instance,
  region: Region,
  snapshotIdentifier: z
    .optional(SnapshotIdentifier)
    .check(
      z.describe(
        'Snapshot identifier; default <instance>-opsflow-<UTC timestamp>. Pass a fixed one (e.g. the workflow name) so a retry finds the snapshot it already started',
      ),
    ),
  ...waiting,
});

export type RdsSnapshotInput = z.infer<typeof RdsSnapshotInput>;
