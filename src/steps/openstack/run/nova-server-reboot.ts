import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ServerRebootInput } from '../inputs/nova-server-reboot.js';
import { askNova, doneByThisWorkflow } from './nova-action-record.js';
import { connectNova, readServer, serverLabel, settledCheck, waitForServer } from './nova-common.js';

/** Statuses Nova reboots from: a soft reboot needs a running guest, a hard one also recovers stopped or failed servers. */
const REBOOTABLE = { SOFT: ['ACTIVE'], HARD: ['ACTIVE', 'SHUTOFF', 'ERROR', 'PAUSED', 'SUSPENDED'] } as const;
/** Statuses of a reboot under way, e.g. one an earlier try of this step started before its wait timed out (exit 75). */
const REBOOTING: readonly string[] = ['REBOOT', 'HARD_REBOOT'];

/** The record of the Workflow that reboots a server, in its metadata (see nova-action-record.ts). */
export const REBOOTED_BY = 'opsflow-rebooted-by';

export async function run(input: ServerRebootInput, ctx: StepContext): Promise<StepResult> {
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
  const asked = { key: REBOOTED_BY, actions: ['reboot'], what: `reboot server ${label}` };
  const workflow = await doneByThisWorkflow(nova, server, asked, ctx);
  if (workflow !== undefined) {
    const done = `workflow ${workflow} already rebooted server ${label} (metadata ${REBOOTED_BY})`;
    if (ctx.dryRun) return { outcome: 'dry-run', message: `would not reboot server ${label} again: ${done}` };
    ctx.log.info('already-rebooted', { server: server.id, workflow });
    return { outcome: 'unchanged', message: `${done}; it is ${server.status}` };
  }
  if (!allowed.includes(server.status)) {
    throw new PreconditionError(
      `server ${label} is ${server.status}; a ${input.type} reboot needs ${allowed.join(' or ')}`,
    );
  }
  if (ctx.dryRun)
    return { outcome: 'dry-run', message: `would ${input.type} reboot server ${label} (${server.status})` };
  await askNova(nova, server, asked, () => nova.reboot(server.id, input.type), ctx);
  ctx.log.info('reboot-started', { server: server.id, type: input.type });
  if (!input.wait) return { outcome: 'changed', message: `started a ${input.type} reboot of server ${label}` };
  await waitForServer(nova, server, 'be ACTIVE again', settledCheck(['ACTIVE']), input, ctx);
  return { outcome: 'changed', message: `${input.type} rebooted server ${label}` };
}
