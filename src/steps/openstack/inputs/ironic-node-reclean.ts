import * as z from '../../../common/zod-mini.js';
import { CleanSteps, Node } from './ironic.js';
import { PollIntervalSeconds, TimeoutSeconds } from './waiting.js';

export const NodeRecleanInput = z.strictObject({
  node: Node,
  cleanSteps: z
    .optional(CleanSteps)
    .check(
      z.describe('Manual clean steps to run once the node is manageable again, before it is provided (JSON array)'),
    ),
  maxAttempts: z
    ._default(z.int().check(z.minimum(1), z.maximum(5)), 2)
    .check(
      z.describe('Recovery rounds (manage, clean, provide) before giving up, so a node that keeps failing cannot loop'),
    ),
  minIntervalMinutes: z
    ._default(z.int().check(z.minimum(0), z.maximum(1440)), 0)
    .check(
      z.describe(
        'Refuse (exit 3) to recover a node another Workflow began recovering less than this many minutes ago (extra.opsflow_reclean); 0 = no cool-down',
      ),
    ),
  timeoutSeconds: TimeoutSeconds,
  pollIntervalSeconds: PollIntervalSeconds,
});

export type NodeRecleanInput = z.infer<typeof NodeRecleanInput>;
