import type { ArgoClient, Workflow } from '../../clients/argo/index.js';
import { APPROVAL_TEMPLATE } from '../action-info.js';
import { action, newCommand, type Options, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import { refused } from '../errors.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput } from '../output.js';
import { RUN_COLUMNS, runRow } from './get.js';

const DecisionOptions = (z: Zod) =>
  connectionFlags(z).extend({
    run: z.string().min(1),
    message: z.string().default(''),
    output: outputFormat(z),
  });
type DecisionOptions = Options<typeof DecisionOptions>;

/**
 * A decision on the run's waiting `approval` node: its supplied output parameters `approver` (from
 * GET /api/v1/userinfo) and `message` are set (PUT .../set), then the node is resumed (PUT .../resume) or, to
 * reject, stopped (PUT .../stop with the node selector: the node fails), as workflow/util/util.go
 * updateSuspendedNode does for `argo node set`, `argo resume` and `argo stop`. What counts is what Argo Server
 * records itself on those calls, the actor labels of the signed-in caller: the approval check after the node reads
 * them, records the verdict and fails the run unless an allowed approver approved (docs/governance.md). The
 * outputs set here keep the approver's words.
 */
async function decide(io: CliIo, options: DecisionOptions, approve: boolean): Promise<void> {
  const { argo, namespace } = await connect(options, io);
  const path = { namespace, name: options.run };
  const workflow = await argo.call('get', '/api/v1/workflows/{namespace}/{name}', { path });
  const node = waitingApproval(workflow);
  const user = await argo.call('get', '/api/v1/userinfo');
  const approver = user.email || user.name || user.subject || user.serviceAccountName || 'unknown';
  const nodeFieldSelector = `displayName=${node.displayName}`;
  const verdict = approve ? 'approved' : 'rejected';
  const message = `${verdict} by ${approver}${options.message ? `: ${options.message}` : ''}`;
  await argo.call('put', '/api/v1/workflows/{namespace}/{name}/set', {
    path,
    body: {
      namespace,
      name: options.run,
      nodeFieldSelector,
      outputParameters: JSON.stringify({ approver, message: options.message }),
      message,
    },
  });
  const decided = await (approve ? resume : reject)(argo, namespace, options.run, nodeFieldSelector, message);
  io.stderr.write(`${options.run}: ${message}\n`);
  await printOutput(io, options.output, decided, () => [RUN_COLUMNS, runRow(decided, io.now())]);
}

function waitingApproval(workflow: Workflow) {
  const node = Object.values(workflow.status?.nodes ?? {}).find(
    (candidate) =>
      candidate.type === 'Suspend' && candidate.templateName === APPROVAL_TEMPLATE && candidate.phase === 'Running',
  );
  if (!node) {
    throw refused(
      `run ${workflow.metadata.name} is not waiting for approval (status ${workflow.status?.phase ?? 'Pending'})`,
    );
  }
  return node;
}

function resume(argo: ArgoClient, namespace: string, name: string, nodeFieldSelector: string): Promise<Workflow> {
  return argo.call('put', '/api/v1/workflows/{namespace}/{name}/resume', {
    path: { namespace, name },
    body: { namespace, name, nodeFieldSelector },
  });
}

function reject(
  argo: ArgoClient,
  namespace: string,
  name: string,
  nodeFieldSelector: string,
  message: string,
): Promise<Workflow> {
  return argo.call('put', '/api/v1/workflows/{namespace}/{name}/stop', {
    path: { namespace, name },
    body: { namespace, name, nodeFieldSelector, message },
  });
}

export function approveCommand(io: CliIo) {
  return newCommand('approve', 'approve a run waiting for approval: its step runs')
    .argument('<run>', 'the run (Workflow) name')
    .option('--message <text>', 'why, recorded on the approval node')
    .addOption(outputOption())
    .action(action(io, DecisionOptions, ['run'], (options) => decide(io, options, true)));
}

export function rejectCommand(io: CliIo) {
  return newCommand('reject', 'reject a run waiting for approval: it fails without running its step')
    .argument('<run>', 'the run (Workflow) name')
    .option('--message <text>', 'why, recorded on the approval node')
    .addOption(outputOption())
    .action(action(io, DecisionOptions, ['run'], (options) => decide(io, options, false)));
}
