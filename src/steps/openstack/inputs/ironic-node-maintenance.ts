import * as z from 'zod';
import { Node } from './shared.js';

export const NodeMaintenanceInput = z
  .strictObject({
    node: Node,
    maintenance: z.enum(['on', 'off']).describe('Put the node in maintenance (on) or take it out (off)'),
    reason: z.string().min(1).max(255).optional().describe('Why the node is in maintenance (with "on")'),
  })
  .superRefine((input, ctx) => {
    if (input.maintenance === 'off' && input.reason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason goes with maintenance "on" only' });
    }
  });

export type NodeMaintenanceInput = z.infer<typeof NodeMaintenanceInput>;
