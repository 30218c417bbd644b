import * as z from '../../../common/zod-mini.js';
import { Node } from './ironic.js';
import { waiting } from './waiting.js';

export const NodePowerInput = z.strictObject({
  node: Node,
  power: z.enum(['on', 'off', 'reboot']).check(z.describe('Power the node on or off, or reboot it')),
  soft: z._default(z.boolean(), false).check(z.describe('Soft power off / soft reboot (ACPI) instead of a hard one')),
  ...waiting,
});

export type NodePowerInput = z.infer<typeof NodePowerInput>;
