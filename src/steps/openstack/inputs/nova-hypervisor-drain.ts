import * as z from 'zod';
import { BlockMigration, ComputeHost, ServerPollIntervalSeconds, ServiceReason } from './shared.js';

export const HypervisorDrainInput = z
  .strictObject({
    host: ComputeHost('Compute host to empty'),
    reason: ServiceReason.default('opsflow hypervisor-drain'),
    targetHost: ComputeHost('Host to move every server to (default: the scheduler chooses)').optional(),
    blockMigration: BlockMigration,
    concurrency: z.number().int().min(1).max(10).default(2).describe('Servers migrated at the same time'),
    serverTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(14_400)
      .default(1800)
      .describe('How long one server may take to move before it is reported as not moved'),
    pollIntervalSeconds: ServerPollIntervalSeconds,
  })
  .superRefine((input, ctx) => {
    if (input.targetHost === input.host) {
      ctx.addIssue({ code: 'custom', path: ['targetHost'], message: `must differ from host "${input.host}"` });
    }
  });

export type HypervisorDrainInput = z.infer<typeof HypervisorDrainInput>;
