import {
  type BaremetalClient,
  type BaremetalNode,
  inTransition,
  nodeLabel,
  type ProvisionTarget,
  provisionCheck,
  withStepErrors,
} from '../../../clients/openstack/index.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { NodeRecleanInput } from '../inputs/ironic-node-reclean.js';
import { connectIronic, nodeSummary, readNode, waitForNode } from './ironic-common.js';

const CLEAN_FAILED = 'clean failed';
/**
 * The node's `extra` key recording the last recovery: when it began and which Workflow ran it (Argo sets
 * ARGO_WORKFLOW_NAME in every step container). With `minIntervalMinutes`, another Workflow within that many minutes
 * refuses, so an automation reacting to "clean failed" cannot loop on a node whose own reclean fails again; a retry
 * of the same Workflow goes on.
 */
export const RECLEANED_BY = 'opsflow_reclean';

interface RecleanMarker {
  readonly at: string;
  readonly workflow: string | null;
}
/** The fault Ironic records when it put the node in maintenance itself because a clean step failed. */
const CLEAN_FAULT = 'clean failure';

export async function run(input: NodeRecleanInput, ctx: StepContext): Promise<StepResult> {
  const ironic = await connectIronic(ctx);
  let node = await readNode(ironic, input.node);
  const label = nodeLabel(node);
  if (node.provision_state === 'available' && !inTransition(node)) {
    await ctx.output('provisionState', node.provision_state);
    return {
      outcome: 'unchanged',
      message: `node ${label} is "available": nothing to recover`,
      details: nodeSummary(node),
    };
  }
  if (![CLEAN_FAILED, 'manageable'].includes(node.provision_state) || inTransition(node)) {
    throw new PreconditionError(
      `node ${label} is "${node.provision_state}"${inTransition(node) ? ` (moving to "${node.target_provision_state}")` : ''}; ` +
        'node-reclean recovers a node in "clean failed" (or resumes one left "manageable")',
    );
  }
  const workflow = ctx.env.ARGO_WORKFLOW_NAME || null;
  const tooSoon = coolDown(node.extra?.[RECLEANED_BY] as RecleanMarker | undefined, input.minIntervalMinutes, workflow);
  if (tooSoon) throw new PreconditionError(`node ${label} ${tooSoon}: not recovering it again`);
  const plan = [
    ...(node.provision_state === CLEAN_FAILED ? ['manage'] : []),
    ...(input.cleanSteps ? ['clean'] : []),
    'provide',
  ];
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `would recover node ${label} from "${node.provision_state}": ${plan.join(', ')} (at most ${input.maxAttempts} rounds)`,
      details: { ...nodeSummary(node), plan },
    };
  }

  if (input.minIntervalMinutes > 0) {
    const marker: RecleanMarker = { at: new Date().toISOString(), workflow };
    node = await withStepErrors(`record the recovery on node ${label}`, () =>
      ironic.setExtra(node.uuid, RECLEANED_BY, marker),
    );
  }
  const failures: string[] = [];
  for (let attempt = 1; attempt <= input.maxAttempts; attempt++) {
    ctx.log.info('reclean-attempt', { node: label, attempt, of: input.maxAttempts, state: node.provision_state });
    try {
      node = await recoverOnce(ironic, node, input, ctx);
      await ctx.output('provisionState', node.provision_state);
      return {
        outcome: 'changed',
        message: `node ${label} recovered: "available" after ${attempt} round${attempt > 1 ? 's' : ''}`,
        details: { ...nodeSummary(node), attempts: attempt, failures },
      };
    } catch (error) {
      // Only a clean that failed again is worth another round; anything else ends the step now.
      node = await readNode(ironic, node.uuid);
      if (!(error instanceof PreconditionError) || node.provision_state !== CLEAN_FAILED) throw error;
      failures.push(node.last_error ?? error.message);
      ctx.log.warn('reclean-attempt-failed', { node: label, attempt, lastError: node.last_error });
    }
  }
  await ctx.output('provisionState', node.provision_state);
  throw new PreconditionError(
    `node ${label} is still "${CLEAN_FAILED}" after ${input.maxAttempts} recovery rounds; last error: ${failures.at(-1)}`,
  );
}

/** One round: clean failed → manageable → (manual clean →) available. */
async function recoverOnce(
  ironic: BaremetalClient,
  start: BaremetalNode,
  input: NodeRecleanInput,
  ctx: StepContext,
): Promise<BaremetalNode> {
  let node = start;
  const move = async (action: ProvisionTarget, target: string, extra = {}): Promise<BaremetalNode> => {
    await withStepErrors(`${action} node ${nodeLabel(node)}`, () =>
      ironic.setProvisionState(node.uuid, action, extra, node),
    );
    return waitForNode(ironic, node, `be "${target}" (${action})`, provisionCheck(target, node), input, ctx);
  };
  if (node.provision_state === CLEAN_FAILED) {
    if (node.maintenance && node.fault === CLEAN_FAULT) {
      // Ironic set this maintenance itself when the clean step failed; an operator's maintenance is left alone.
      await withStepErrors(`clear maintenance of node ${nodeLabel(node)}`, () => ironic.clearMaintenance(node.uuid));
    }
    node = await move('manage', 'manageable');
  }
  if (input.cleanSteps) node = await move('clean', 'manageable', { clean_steps: input.cleanSteps });
  return move('provide', 'available');
}

/** Why another recovery now would come too soon after the last one (`minIntervalMinutes`), or undefined. */
function coolDown(marker: RecleanMarker | undefined, minutes: number, workflow: string | null): string | undefined {
  if (minutes === 0 || !marker || typeof marker.at !== 'string') return undefined;
  if (workflow !== null && marker.workflow === workflow) return undefined;
  const agoSeconds = Math.max(0, Math.round((Date.now() - Date.parse(marker.at)) / 1000));
  if (!(agoSeconds < minutes * 60)) return undefined;
  return (
    `was last recovered ${agoSeconds} s ago by ${marker.workflow ?? 'a run outside Argo'} (extra.${RECLEANED_BY}), ` +
    `less than the minimum interval of ${minutes} minutes (minIntervalMinutes)`
  );
}
