import * as z from 'zod';
import { Node, waiting } from './shared.js';

export const NodePowerInput = z.strictObject({
  node: Node,
  power: z.enum(['on', 'off', 'reboot']).describe('Power the node on or off, or reboot it'),
  soft: z.boolean().default(false).describe('Soft power off / soft reboot (ACPI) instead of a hard one'),
  ...waiting,
});

export type NodePowerInput = z.infer<typeof NodePowerInput>;
