import {
  type ComputeClient,
  type InstanceAction,
  isAnswerLost,
  type Server,
  taskStateOf,
  withStepErrors,
} from '../../../clients/openstack/index.js';
import type { StepContext } from '../../runtime/step.js';
import { runningWorkflow } from '../../runtime/workflow-marker.js';
import { serverLabel } from './nova-common.js';

/**
 * How a Nova step asks for a change that may end where it started (a reboot ends ACTIVE; a migration to a host the
 * scheduler picks leaves nothing to compare with) without making it twice. Nova records every action it accepts as
 * an instance action before it answers (nova/compute/api.py reboot, live_migrate, resize → _record_action_start;
 * `GET /servers/{id}/os-instance-actions` lists them newest first: nova/db/main/api.py actions_get, Nova 26.3).
 * Before asking, the step records in the server's metadata which Workflow asks and the newest action Nova had then
 * (`{"workflow", "after": <request_id>}`), as workload-restart and node-provision record theirs. Then:
 * - a lost answer to the request is resolved by the actions: one newer than `after` means Nova took it;
 * - the same Workflow run again (exit 75) that finds its record and such an action does not ask again, and one that
 *   finds none (the request never reached Nova) asks; another Workflow asks and takes the record over.
 * Before, not after: Nova takes no metadata while a task runs, nor in vm_state error (update_instance_metadata).
 */
export interface ActionRecord {
  readonly workflow: string;
  readonly after: string | null;
}

export interface AskedAction {
  /**
   * The metadata key of the record, e.g. `opsflow-rebooted-by`; without one nothing is recorded, only lost answers
   * are resolved (hypervisor-drain needs no record: run again, it finds what is left by the host).
   */
  readonly key?: string;
  /** The instance actions the request makes Nova record (nova/compute/instance_actions.py), e.g. `reboot`. */
  readonly actions: readonly string[];
  /** What the request does, for messages: `reboot server web1 (…)`. */
  readonly what: string;
}

/** The Workflow whose record on the server shows it made the change already, or undefined. */
export async function doneByThisWorkflow(
  nova: ComputeClient,
  server: Server,
  asked: AskedAction,
  ctx: StepContext,
): Promise<string | undefined> {
  const workflow = runningWorkflow(ctx);
  const record = asked.key === undefined ? undefined : recordOf(server, asked.key);
  if (workflow === undefined || record?.workflow !== workflow) return undefined;
  return actedAfter(await readActions(nova, server), record.after, asked) ? workflow : undefined;
}

/**
 * Records the asking Workflow (in a Workflow), sends the request, and resolves a lost answer by Nova's actions: taken,
 * the step goes on; not taken, the lost answer is the failure (exit 75: the run again asks).
 */
export async function askNova(
  nova: ComputeClient,
  server: Server,
  asked: AskedAction,
  send: () => Promise<void>,
  ctx: StepContext,
): Promise<void> {
  const after = (await readActions(nova, server))[0]?.request_id ?? null;
  const workflow = runningWorkflow(ctx);
  if (workflow !== undefined && asked.key !== undefined)
    await record(nova, server, asked.key, { workflow, after }, ctx);
  await withStepErrors(asked.what, async () => {
    try {
      await send();
    } catch (error) {
      if (!isAnswerLost(error)) throw error;
      const applied = actedAfter(await nova.instanceActions(server.id), after, asked);
      ctx.log.warn('answer-lost', { method: error.method, url: error.url, reason: error.kind, applied });
      if (!applied) throw error;
    }
  });
}

function readActions(nova: ComputeClient, server: Server): Promise<InstanceAction[]> {
  return withStepErrors(`read the actions of server ${serverLabel(server)}`, () => nova.instanceActions(server.id));
}

/** Whether Nova recorded one of the asked actions newer than the action `after` (the list is newest first). */
function actedAfter(actions: readonly InstanceAction[], after: string | null, asked: AskedAction): boolean {
  for (const action of actions) {
    if (action.request_id === after) return false;
    if (asked.actions.includes(action.action)) return true;
  }
  return false;
}

function recordOf(server: Server, key: string): ActionRecord | undefined {
  const value = server.metadata?.[key];
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<ActionRecord>;
    return typeof parsed.workflow === 'string' ? { workflow: parsed.workflow, after: parsed.after ?? null } : undefined;
  } catch {
    return undefined;
  }
}

/** The vm_states Nova takes metadata in (with no task running). */
const RECORDABLE: readonly string[] = ['active', 'paused', 'suspended', 'stopped'];

async function record(
  nova: ComputeClient,
  server: Server,
  key: string,
  value: ActionRecord,
  ctx: StepContext,
): Promise<void> {
  const vmState = server['OS-EXT-STS:vm_state'];
  if (taskStateOf(server) || (vmState !== undefined && !RECORDABLE.includes(vmState))) {
    // A hard reboot of a server in ERROR: Nova would refuse the record; the change goes unrecorded.
    ctx.log.warn('change-not-recorded', { server: server.id, vmState, key });
    return;
  }
  await withStepErrors(`record on server ${serverLabel(server)} that workflow ${value.workflow} asks`, () =>
    nova.setMetadataItem(server.id, key, JSON.stringify(value)),
  );
}
