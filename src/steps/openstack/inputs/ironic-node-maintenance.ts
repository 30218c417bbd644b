import * as z from '../../../common/zod-mini.js';
import { Node } from './ironic.js';

export const NodeMaintenanceInput = z
  .strictObject({
    node: Node,
    maintenance: z.enum(['on', 'off']).check(z.describe('Put the node in maintenance (on) or take it out (off)')),
    reason: z
      .optional(z.string().check(z.minLength(1), z.maxLength(255)))
      .check(z.describe('Why the node is in maintenance (with "on")')),
  })
  .check(
    z.superRefine((input, ctx) => {
      if (input.maintenance === 'off' && input.reason !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason goes with maintenance "on" only' });
      }
    }),
  );

export type NodeMaintenanceInput = z.infer<typeof NodeMaintenanceInput>;
