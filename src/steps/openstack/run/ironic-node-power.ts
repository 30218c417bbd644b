import { nodeLabel, type PowerTarget, powerCheck, withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { runningWorkflow } from '../../runtime/workflow-marker.js';
import type { NodePowerInput } from '../inputs/ironic-node-power.js';
import { connectIronic, nodeSummary, readNode, waitForNode } from './ironic-common.js';

/** Ironic's power target for each input, hard and soft, and the power state it ends in. */
const TARGETS = {
  on: { hard: 'power on', soft: 'power on', ends: 'power on' },
  off: { hard: 'power off', soft: 'soft power off', ends: 'power off' },
  reboot: { hard: 'rebooting', soft: 'soft rebooting', ends: 'power on' },
} as const satisfies Record<string, { hard: PowerTarget; soft: PowerTarget; ends: 'power on' | 'power off' }>;

/**
 * A reboot ends where it started ("power on") and Ironic keeps no record of it, so before asking the step records in
 * the node's `extra` which Workflow reboots it; a retry of the same Workflow (exit 75) that finds its record on a
 * settled node does not reboot it a second time (the marker of node-provision and workload-restart). Before, not
 * after: the conductor holds the node's exclusive lock for the whole power action (ironic/conductor/manager.py
 * change_node_power_state hands it to the worker with spawn_after; Ironic 21.4, Debian bookworm), so a PATCH after
 * the reboot meets NodeLocked until it ends. A reboot Ironic refused has its record withdrawn (set to null), so a retry asks again.
 */
export const REBOOTED_BY = 'opsflow_rebooted_by';

export async function run(input: NodePowerInput, ctx: StepContext): Promise<StepResult> {
  const ironic = await connectIronic(ctx);
  const node = await readNode(ironic, input.node);
  const label = nodeLabel(node);
  const { ends } = TARGETS[input.power];
  const target = input.soft ? TARGETS[input.power].soft : TARGETS[input.power].hard;

  if (input.power !== 'reboot' && node.power_state === ends && !node.target_power_state) {
    await ctx.output('powerState', node.power_state);
    return { outcome: 'unchanged', message: `node ${label} is already "${ends}"`, details: nodeSummary(node) };
  }
  const change = `${input.power === 'reboot' ? 'reboot' : `power ${input.power}`} node ${label}${input.soft ? ' (soft)' : ''}`;
  // Already on its way there (Ironic's target is "power on" during a reboot too), e.g. the step ran before and its
  // wait timed out (exit 75, retried): wait again rather than ask twice, which the node's lock would refuse anyway.
  const resuming = node.target_power_state === ends;
  const workflow = input.power === 'reboot' ? runningWorkflow(ctx) : undefined;
  const rebooted =
    !resuming &&
    workflow !== undefined &&
    (node.extra?.[REBOOTED_BY] as { workflow?: string } | null)?.workflow === workflow
      ? `workflow ${workflow} already rebooted node ${label} (extra.${REBOOTED_BY})`
      : undefined;
  if (ctx.dryRun) {
    const now = node.power_state ? `"${node.power_state}"` : 'unknown';
    const message = resuming
      ? `would wait for node ${label} to be "${ends}", already in progress`
      : rebooted
        ? `would not reboot node ${label} again: ${rebooted}`
        : `would ${change} (power state now ${now})`;
    return { outcome: 'dry-run', message, details: nodeSummary(node) };
  }
  if (rebooted) {
    ctx.log.info('already-rebooted', { node: label, workflow });
    await ctx.output('powerState', node.power_state ?? '');
    return { outcome: 'unchanged', message: `${rebooted}; it is "${node.power_state}"`, details: nodeSummary(node) };
  }

  if (resuming) ctx.log.info('power-in-progress', { node: label, state: node.power_state, target: ends });
  else {
    const record = (value: { workflow: string } | null) =>
      withStepErrors(`record on node ${label} that workflow ${workflow} reboots it`, () =>
        ironic.setExtra(node.uuid, REBOOTED_BY, value),
      );
    if (workflow !== undefined) await record({ workflow });
    try {
      await withStepErrors(change, () => ironic.setPowerState(node.uuid, target));
    } catch (error) {
      // Refused, or every answer lost with the node showing no change: the reboot was not made.
      if (workflow !== undefined) await record(null).catch(() => undefined);
      throw error;
    }
  }
  const after = input.wait
    ? await waitForNode(ironic, node, `be "${ends}"`, powerCheck(ends), input, ctx)
    : await readNode(ironic, node.uuid);
  await ctx.output('powerState', after.power_state ?? '');
  return {
    outcome: 'changed',
    message: input.wait ? `${change}: now "${after.power_state}"` : `${change}: requested`,
    details: nodeSummary(after),
  };
}
