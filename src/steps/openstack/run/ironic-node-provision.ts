import { inTransition, nodeLabel, provisionCheck, withStepErrors } from '../../../clients/openstack/index.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { runningWorkflow } from '../../runtime/workflow-marker.js';
import { type NodeProvisionInput, PROVISION_ACTIONS } from '../inputs/ironic-node-provision.js';
import { connectIronic, nodeSummary, readNode, waitForNode } from './ironic-common.js';

/** Actions that name a state: when the node is already there, there is nothing to do. */
const STATE_ACTIONS = new Set(['manage', 'provide']);
/**
 * Actions that end in the state they start from (a clean returns to "manageable", a rebuild to "active"), so the
 * node's state cannot tell a retry of the step (exit 75 after the node was asked) that the work is done. Before
 * asking, the step records in the node's `extra` which Workflow asks (Argo sets ARGO_WORKFLOW_NAME in every step
 * container) and the node's `provision_updated_at` then; a retry of the same Workflow that finds its record, and the
 * provision state changed since, does not clean or redeploy the node a second time (as workload-restart does with
 * its annotation).
 */
const REPEATING_ACTIONS = new Set(['clean', 'rebuild']);
export const PROVISIONED_BY = 'opsflow_provisioned_by';

interface ProvisionMarker {
  readonly workflow: string;
  readonly action: string;
  readonly since: string | null;
}

export async function run(input: NodeProvisionInput, ctx: StepContext): Promise<StepResult> {
  const ironic = await connectIronic(ctx);
  const node = await readNode(ironic, input.node);
  const label = nodeLabel(node);
  const target = PROVISION_ACTIONS[input.action];

  if (STATE_ACTIONS.has(input.action) && node.provision_state === target && !inTransition(node)) {
    await ctx.output('provisionState', node.provision_state);
    return { outcome: 'unchanged', message: `node ${label} is already "${target}"`, details: nodeSummary(node) };
  }
  // Already on its way (e.g. the step ran before and timed out): wait again rather than ask twice.
  const resuming = inTransition(node) && node.target_provision_state === target;
  const change = `${input.action} node ${label} ("${node.provision_state}" → "${target}")`;
  const workflow = runningWorkflow(ctx);
  const marker = node.extra?.[PROVISIONED_BY] as ProvisionMarker | undefined;
  const doneByThisWorkflow =
    !resuming &&
    REPEATING_ACTIONS.has(input.action) &&
    workflow !== undefined &&
    marker?.workflow === workflow &&
    marker.action === input.action &&
    (node.provision_updated_at ?? null) !== marker.since;
  const done = `workflow ${workflow} already asked to ${input.action} node ${label} (extra.${PROVISIONED_BY})`;
  if (ctx.dryRun) {
    const message = resuming
      ? `would wait for ${change}, already in progress`
      : doneByThisWorkflow
        ? `would not ${input.action} node ${label} again: ${done}`
        : `would ${change}`;
    return { outcome: 'dry-run', message, details: { ...nodeSummary(node), cleanSteps: input.cleanSteps } };
  }
  if (doneByThisWorkflow) {
    ctx.log.info('already-provisioned', { node: label, action: input.action, workflow });
    await ctx.output('provisionState', node.provision_state);
    if (node.provision_state !== target) {
      throw new PreconditionError(
        `${done}, and it ended "${node.provision_state}", not "${target}"${node.last_error ? `: ${node.last_error}` : ''}`,
      );
    }
    return {
      outcome: 'unchanged',
      message: `${done}; it is "${node.provision_state}"`,
      details: nodeSummary(node),
    };
  }

  if (resuming) {
    ctx.log.info('provision-in-progress', { node: label, state: node.provision_state, target });
  } else {
    if (workflow !== undefined && REPEATING_ACTIONS.has(input.action)) {
      const record: ProvisionMarker = { workflow, action: input.action, since: node.provision_updated_at ?? null };
      await withStepErrors(`record on node ${label} that workflow ${workflow} asks to ${input.action} it`, () =>
        ironic.setExtra(node.uuid, PROVISIONED_BY, record),
      );
    }
    await withStepErrors(change, () =>
      ironic.setProvisionState(
        node.uuid,
        input.action,
        input.cleanSteps ? { clean_steps: input.cleanSteps } : {},
        node,
      ),
    );
  }
  const after = input.wait
    ? await waitForNode(ironic, node, `be "${target}"`, provisionCheck(target, node), input, ctx)
    : await readNode(ironic, node.uuid);
  await ctx.output('provisionState', after.provision_state);
  return {
    outcome: 'changed',
    message: input.wait ? `${change}: now "${after.provision_state}"` : `${change}: requested`,
    details: nodeSummary(after),
  };
}
