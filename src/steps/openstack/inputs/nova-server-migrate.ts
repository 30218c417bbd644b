import * as z from 'zod';
import { BlockMigration, ComputeHost, ServerId, ServerPollIntervalSeconds, waiting } from './shared.js';

export const ServerMigrateInput = z.strictObject({
  server: ServerId,
  mode: z
    .enum(['live', 'cold'])
    .default('live')
    .describe('live: move the running server; cold: migrate (the server restarts) and confirm the resize'),
  targetHost: ComputeHost('Host to move to (default: the scheduler chooses; cold needs microversion 2.56)').optional(),
  blockMigration: BlockMigration,
  ...waiting,
  wait: z.boolean().default(true).describe('Wait until the server runs on its new host (cold: after confirming)'),
  pollIntervalSeconds: ServerPollIntervalSeconds,
});

export type ServerMigrateInput = z.infer<typeof ServerMigrateInput>;
