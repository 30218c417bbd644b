import * as z from '../../../common/zod-mini.js';
import { BlockMigration, ComputeHost, ServerId, ServerPollIntervalSeconds } from './nova.js';
import { waiting } from './waiting.js';

export const ServerMigrateInput = z.strictObject({
  server: ServerId,
  mode: z
    ._default(z.enum(['live', 'cold']), 'live')
    .check(z.describe('live: move the running server; cold: migrate (the server restarts) and confirm the resize')),
  targetHost: z.optional(ComputeHost('Host to move to (default: the scheduler chooses; cold needs microversion 2.56)')),
  blockMigration: BlockMigration,
  ...waiting,
  wait: z
    ._default(z.boolean(), true)
    .check(z.describe('Wait until the server runs on its new host (cold: after confirming)')),
  pollIntervalSeconds: ServerPollIntervalSeconds,
});

export type ServerMigrateInput = z.infer<typeof ServerMigrateInput>;
