import { nodeLabel } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { NodeShowInput } from '../inputs/ironic-node-show.js';
import { connectIronic, nodeSummary, readNode } from './ironic-common.js';

export async function run(input: NodeShowInput, ctx: StepContext): Promise<StepResult> {
  const ironic = await connectIronic(ctx);
  const node = await readNode(ironic, input.node);
  await ctx.output('provisionState', node.provision_state);
  await ctx.output('powerState', node.power_state ?? '');
  await ctx.output('maintenance', String(node.maintenance));
  await ctx.output('maintenanceReason', node.maintenance_reason ?? '');
  await ctx.output('lastError', node.last_error ?? '');
  const maintenance = node.maintenance ? `, in maintenance (${node.maintenance_reason ?? 'no reason'})` : '';
  return {
    outcome: 'unchanged',
    message: `node ${nodeLabel(node)} is ${node.provision_state}, ${node.power_state ?? 'power unknown'}${maintenance}`,
    details: nodeSummary(node),
  };
}
