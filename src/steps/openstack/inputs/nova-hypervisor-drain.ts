import * as z from '../../../common/zod-mini.js';
import { BlockMigration, ComputeHost, ServerPollIntervalSeconds, ServiceReason } from './nova.js';

export const HypervisorDrainInput = z
  .strictObject({
    host: ComputeHost('Compute host to empty'),
    reason: z._default(ServiceReason, 'opsflow hypervisor-drain'),
    targetHost: z.optional(ComputeHost('Host to move every server to (default: the scheduler chooses)')),
    blockMigration: BlockMigration,
    concurrency: z
      ._default(z.int().check(z.minimum(1), z.maximum(10)), 2)
      .check(z.describe('Servers migrated at the same time')),
    serverTimeoutSeconds: z
      ._default(z.int().check(z.minimum(1), z.maximum(14_400)), 1800)
      .check(z.describe('How long one server may take to move before it is reported as not moved')),
    pollIntervalSeconds: ServerPollIntervalSeconds,
  })
  .check(
    z.superRefine((input, ctx) => {
      if (input.targetHost === input.host) {
        ctx.addIssue({ code: 'custom', path: ['targetHost'], message: `must differ from host "${input.host}"` });
      }
    }),
  );

export type HypervisorDrainInput = z.infer<typeof HypervisorDrainInput>;
