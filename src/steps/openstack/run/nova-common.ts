import {
  type BlockMigration,
  ComputeClient,
  hostOf,
  type Server,
  taskStateOf,
  type WaitCheck,
  withStepErrors,
} from '../../../clients/openstack/index.js';
import type { StepContext } from '../../runtime/step.js';
import { connectService, type Waiting, waitInStep } from './common.js';

/** The Nova client of a step: the cloud from the environment, microversion negotiated. */
export function connectNova(ctx: StepContext): Promise<ComputeClient> {
  return connectService(ctx, 'Nova', (cloud) => ComputeClient.connect(cloud));
}

export function readServer(nova: ComputeClient, id: string): Promise<Server> {
  return withStepErrors(`read server ${id}`, () => nova.server(id));
}

/** Polls the server until `check` is satisfied, with the step's timeout, interval, logs and cancellation. */
export function waitForServer(
  nova: ComputeClient,
  server: Server,
  what: string,
  check: (server: Server) => WaitCheck,
  waiting: Waiting,
  ctx: StepContext,
): Promise<Server> {
  return waitInStep(`server ${serverLabel(server)} to ${what}`, () => readServer(nova, server.id), check, waiting, ctx);
}

export function serverLabel(server: Server): string {
  return server.name ? `${server.name} (${server.id})` : server.id;
}

const progress = (server: Server): WaitCheck => ({
  progress: `${server.status}${taskStateOf(server) ? ` (${taskStateOf(server)})` : ''} on ${hostOf(server) ?? '?'}`,
});
const failedWith = (server: Server, what: string): WaitCheck => ({
  failed: `server ${serverLabel(server)} ${what}${server.fault?.message ? `: ${server.fault.message}` : ''}`,
});

/**
 * Settled in one of `statuses` with no task running. Nova sets the task state before it answers an action, so a
 * server seen without a task in another status has finished elsewhere: that, or ERROR, fails at once.
 */
export function settledCheck(statuses: readonly string[]): (server: Server) => WaitCheck {
  return (server) => {
    const task = taskStateOf(server);
    if (!task && statuses.includes(server.status)) return { done: true };
    if (server.status === 'ERROR') return failedWith(server, 'is in ERROR');
    if (!task && !TRANSIENT_STATUSES.has(server.status)) {
      return failedWith(server, `settled in ${server.status}, not ${statuses.join(' or ')}`);
    }
    return progress(server);
  };
}

/** Statuses Nova shows while an action is under way (the task state may already be cleared). */
const TRANSIENT_STATUSES: ReadonlySet<string> = new Set([
  'REBOOT',
  'HARD_REBOOT',
  'MIGRATING',
  'RESIZE',
  'REVERT_RESIZE',
  'BUILD',
  'REBUILD',
]);

/** Settled in one of `statuses` on a host other than `from`; settled on `from` means the migration failed. */
export function movedCheck(from: string, statuses: readonly string[]): (server: Server) => WaitCheck {
  const settled = settledCheck(statuses);
  return (server) => {
    const check = settled(server);
    if ('done' in check && hostOf(server) === from) {
      return failedWith(server, `is still on ${from}: Nova rolled the migration back (see its migration record)`);
    }
    return check;
  };
}

/** VERIFY_RESIZE on a new host: a cold migration waiting for its confirmation. */
export function awaitingConfirmCheck(from: string, statuses: readonly string[]): (server: Server) => WaitCheck {
  const settled = movedCheck(from, statuses);
  return (server) => (server.status === 'VERIFY_RESIZE' ? { done: true } : settled(server));
}

export function blockMigrationOf(value: 'auto' | 'true' | 'false'): BlockMigration {
  return value === 'auto' ? 'auto' : value === 'true';
}
