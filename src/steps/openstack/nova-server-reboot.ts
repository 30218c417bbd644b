import {
  type ComputeClient,
  type InstanceAction,
  isAnswerLost,
  type Server,
  taskStateOf,
  withStepErrors,
} from '../../clients/openstack/index.js';
import { PreconditionError } from '../runtime/errors.js';
import { defineStep, type StepContext } from '../runtime/step.js';
import { runningWorkflow } from '../runtime/workflow-marker.js';
import { ServerRebootInput } from './inputs.js';
import { connectNova, readServer, serverLabel, settledCheck, waitForServer } from './nova-common.js';

/** Statuses Nova reboots from: a soft reboot needs a running guest, a hard one also recovers stopped or failed servers. */
const REBOOTABLE = { SOFT: ['ACTIVE'], HARD: ['ACTIVE', 'SHUTOFF', 'ERROR', 'PAUSED', 'SUSPENDED'] } as const;
/** Statuses of a reboot under way, e.g. one an earlier try of this step started before its wait timed out (exit 75). */
const REBOOTING: readonly string[] = ['REBOOT', 'HARD_REBOOT'];

/**
 * A reboot ends where it started (ACTIVE), so before asking, the step records in the server's metadata which
 * Workflow reboots it and the newest action Nova had recorded for the server then (`{"workflow", "after":
 * <request_id>}`). Nova records every reboot it accepts as an instance action `reboot` before it answers
 * (nova/compute/api.py reboot → _record_action_start, Nova 26.3), so a retry of the same Workflow (exit 75) that finds
 * its record and a `reboot` action newer than `after` does not reboot a second time, and one that finds none (the
 * request never reached Nova) reboots; a lost answer to the reboot request is resolved the same way. Before, not
 * after: Nova refuses a metadata change while a task runs (update_instance_metadata needs task_state None).
 */
export const REBOOTED_BY = 'opsflow-rebooted-by';

interface RebootMarker {
  readonly workflow: string;
  readonly after: string | null;
}

export const serverReboot = defineStep({
  system: 'openstack',
  name: 'server-reboot',
  description: 'Reboot a Nova server (soft or hard) and wait until it is ACTIVE again',
  input: ServerRebootInput,
  mutating: true,
  target: (input) => `server ${input.server}`,
  async run(input, ctx) {
    const nova = await connectNova(ctx);
    const server = await readServer(nova, input.server);
    const label = serverLabel(server);
    const allowed: readonly string[] = REBOOTABLE[input.type];
    if (REBOOTING.includes(server.status)) {
      // The template retries a timed-out wait: see the reboot under way through instead of refusing it (or asking twice).
      if (ctx.dryRun) {
        return { outcome: 'dry-run', message: `would wait for the reboot of server ${label} already under way` };
      }
      ctx.log.info('reboot-in-progress', { server: server.id, status: server.status });
      if (!input.wait) {
        return { outcome: 'unchanged', message: `server ${label} is already rebooting (${server.status})` };
      }
      await waitForServer(nova, server, 'be ACTIVE again', settledCheck(['ACTIVE']), input, ctx);
      return { outcome: 'changed', message: `server ${label} finished the reboot under way (${server.status})` };
    }
    const workflow = runningWorkflow(ctx);
    const marker = markerOf(server);
    if (workflow !== undefined && marker?.workflow === workflow) {
      if (rebootedAfter(await readActions(nova, server), marker.after)) {
        const done = `workflow ${workflow} already rebooted server ${label} (metadata ${REBOOTED_BY})`;
        if (ctx.dryRun) return { outcome: 'dry-run', message: `would not reboot server ${label} again: ${done}` };
        ctx.log.info('already-rebooted', { server: server.id, workflow });
        return { outcome: 'unchanged', message: `${done}; it is ${server.status}` };
      }
    }
    if (!allowed.includes(server.status)) {
      throw new PreconditionError(
        `server ${label} is ${server.status}; a ${input.type} reboot needs ${allowed.join(' or ')}`,
      );
    }
    if (ctx.dryRun)
      return { outcome: 'dry-run', message: `would ${input.type} reboot server ${label} (${server.status})` };
    const after = (await readActions(nova, server))[0]?.request_id ?? null;
    if (workflow !== undefined) await record(nova, server, { workflow, after }, ctx);
    await withStepErrors(`reboot server ${label}`, async () => {
      try {
        await nova.reboot(server.id, input.type);
      } catch (error) {
        if (!isAnswerLost(error)) throw error;
        const applied = rebootedAfter(await nova.instanceActions(server.id), after);
        ctx.log.warn('answer-lost', { method: error.method, url: error.url, reason: error.kind, applied });
        if (!applied) throw error;
      }
    });
    ctx.log.info('reboot-started', { server: server.id, type: input.type });
    if (!input.wait) return { outcome: 'changed', message: `started a ${input.type} reboot of server ${label}` };
    await waitForServer(nova, server, 'be ACTIVE again', settledCheck(['ACTIVE']), input, ctx);
    return { outcome: 'changed', message: `${input.type} rebooted server ${label}` };
  },
});

function readActions(nova: ComputeClient, server: Server): Promise<InstanceAction[]> {
  return withStepErrors(`read the actions of server ${serverLabel(server)}`, () => nova.instanceActions(server.id));
}

/** Whether Nova recorded a reboot newer than the action `after` (the list is newest first). */
function rebootedAfter(actions: readonly InstanceAction[], after: string | null): boolean {
  for (const action of actions) {
    if (action.request_id === after) return false;
    if (action.action === 'reboot') return true;
  }
  return false;
}

function markerOf(server: Server): RebootMarker | undefined {
  const value = server.metadata?.[REBOOTED_BY];
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<RebootMarker>;
    return typeof parsed.workflow === 'string' ? { workflow: parsed.workflow, after: parsed.after ?? null } : undefined;
  } catch {
    return undefined;
  }
}

/** Nova takes metadata in these vm_states only, with no task running; a hard reboot of an ERROR server goes unrecorded. */
const RECORDABLE: readonly string[] = ['active', 'paused', 'suspended', 'stopped'];

async function record(nova: ComputeClient, server: Server, marker: RebootMarker, ctx: StepContext): Promise<void> {
  if (taskStateOf(server) || !RECORDABLE.includes(server['OS-EXT-STS:vm_state'] ?? 'active')) {
    ctx.log.warn('reboot-not-recorded', { server: server.id, vmState: server['OS-EXT-STS:vm_state'] });
    return;
  }
  await withStepErrors(`record on server ${serverLabel(server)} that workflow ${marker.workflow} reboots it`, () =>
    nova.setMetadataItem(server.id, REBOOTED_BY, JSON.stringify(marker)),
  );
}
