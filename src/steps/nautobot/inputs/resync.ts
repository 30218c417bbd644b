import * as z from 'zod';
import { newDevices, newDevicesTogether } from './shared.js';

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
