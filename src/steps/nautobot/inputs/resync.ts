import * as z from '../../../common/zod-mini.js';
import { newDevices, newDevicesTogether } from './shared.js';

export const ResyncInput = z
  .strictObject({
    ...newDevices,
    concurrency: z
      ._default(
        z.int().check(z.minimum(1), z.maximum(32)),
        // A nightly job: 2 meets the bench's targets (docs/nautobot-sync.md) and keeps Nautobot's heaviest listings
        // from crowding out its users; raise it where the wall time matters more.
        2,
      )
      .check(z.describe('Requests in flight at once, over Keystone, Ironic and Nautobot together')),
    pageSize: z
      ._default(z.int().check(z.minimum(50), z.maximum(1000)), 1000)
      .check(z.describe('Objects per page when listing both sides')),
    bulkSize: z
      ._default(z.int().check(z.minimum(1), z.maximum(1000)), 500)
      .check(z.describe('Objects per Nautobot bulk write')),
    maxDecommission: z
      ._default(z.int().check(z.minimum(0)), 100)
      .check(
        z.describe(
          'Most devices one run may decommission; more stops the run before any write (exit 3), as when Ironic lists ' +
            'too few nodes (a credential that sees only some, the wrong region). Raise it for a real mass removal',
        ),
      ),
  })
  .check(z.superRefine(newDevicesTogether));

export type ResyncInput = z.infer<typeof ResyncInput>;

/** resync's file output `plan` (the step and its catalog action share it). */
export const PLAN_DESCRIPTION =
  'Every write the sync made (or, with --dry-run, would make), one JSON object a line: {"write": "deviceCreates" | ' +
  '"deviceUpdates" | "interfaceCreates" | "interfaceUpdates" | "interfaceDeletes" | "decommissioned", ...the write}';
