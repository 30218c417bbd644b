import { nodeLabel, withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { NodeMaintenanceInput } from '../inputs/ironic-node-maintenance.js';
import { connectIronic, nodeSummary, readNode } from './ironic-common.js';

export async function run(input: NodeMaintenanceInput, ctx: StepContext): Promise<StepResult> {
  const ironic = await connectIronic(ctx);
  const node = await readNode(ironic, input.node);
  const on = input.maintenance === 'on';
  const label = nodeLabel(node);
  const sameReason = input.reason === undefined || node.maintenance_reason === input.reason;
  if (node.maintenance === on && (!on || sameReason)) {
    return {
      outcome: 'unchanged',
      message: `node ${label} is already ${on ? 'in' : 'out of'} maintenance`,
      details: nodeSummary(node),
    };
  }
  const reason = input.reason ? ` (reason: ${input.reason})` : '';
  const [change, changed] = on
    ? [`set maintenance on node ${label}${reason}`, `node ${label} is in maintenance${reason}`]
    : [`take node ${label} out of maintenance`, `node ${label} is out of maintenance`];
  if (ctx.dryRun) return { outcome: 'dry-run', message: `would ${change}`, details: nodeSummary(node) };

  await withStepErrors(change, () =>
    on ? ironic.setMaintenance(node.uuid, input.reason) : ironic.clearMaintenance(node.uuid),
  );
  return { outcome: 'changed', message: changed, details: nodeSummary(await readNode(ironic, node.uuid)) };
}
