import * as z from '../../../common/zod-mini.js';
import { CleanSteps, Node } from './ironic.js';
import { waiting } from './waiting.js';

/** Provision actions and the stable state each one ends in. */
export const PROVISION_ACTIONS = {
  manage: 'manageable',
  provide: 'available',
  inspect: 'manageable',
  clean: 'manageable',
  rebuild: 'active',
} as const;

export const NodeProvisionInput = z
  .strictObject({
    node: Node,
    action: z
      .enum(['manage', 'provide', 'inspect', 'clean', 'rebuild'])
      .check(z.describe('manage → manageable, provide → available, inspect/clean → manageable, rebuild → active')),
    cleanSteps: z.optional(CleanSteps).check(z.describe('Clean steps for action "clean" (JSON array)')),
    ...waiting,
  })
  .check(
    z.superRefine((input, ctx) => {
      if (input.action === 'clean' && !input.cleanSteps) {
        ctx.addIssue({ code: 'custom', path: ['cleanSteps'], message: 'action "clean" needs the clean steps to run' });
      }
      if (input.action !== 'clean' && input.cleanSteps) {
        ctx.addIssue({ code: 'custom', path: ['cleanSteps'], message: `not used by action "${input.action}"` });
      }
    }),
  );

export type NodeProvisionInput = z.infer<typeof NodeProvisionInput>;
