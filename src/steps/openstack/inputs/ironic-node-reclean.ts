import * as z from 'zod';
import { CleanSteps, Node, PollIntervalSeconds, TimeoutSeconds } from './shared.js';

export const NodeRecleanInput = z.strictObject({
  node: Node,
  cleanSteps: CleanSteps.optional().describe(
    'Manual clean steps to run once the node is manageable again, before it is provided (JSON array)',
  ),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .max(5)
    .default(2)
    .describe('Recovery rounds (manage, clean, provide) before giving up, so a node that keeps failing cannot loop'),
  minIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(0)
    .describe(
      'Refuse (exit 3) to recover a node another Workflow began recovering less than this many minutes ago (extra.opsflow_reclean); 0 = no cool-down',
    ),
  timeoutSeconds: TimeoutSeconds,
  pollIntervalSeconds: PollIntervalSeconds,
});

export type NodeRecleanInput = z.infer<typeof NodeRecleanInput>;
