import { type ComputeClient, hostOf, type Server, withStepErrors } from '../../../clients/openstack/index.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ServerMigrateInput } from '../inputs/nova-server-migrate.js';
import type { Waiting } from './common.js';
import { type AskedAction, askNova, doneByThisWorkflow } from './nova-action-record.js';
import {
  awaitingConfirmCheck,
  blockMigrationOf,
  connectNova,
  movedCheck,
  readServer,
  serverLabel,
  settledCheck,
  waitForServer,
} from './nova-common.js';

/** Statuses each mode can move (Nova's own rules: live migration of running or paused servers, cold of running or stopped). */
export const MOVABLE = { live: ['ACTIVE', 'PAUSED'], cold: ['ACTIVE', 'SHUTOFF'] } as const;

export interface MoveOptions extends Waiting {
  readonly mode: 'live' | 'cold';
  readonly targetHost?: string;
  readonly blockMigration: 'auto' | 'true' | 'false';
  readonly wait: boolean;
  /** The metadata key that records which Workflow moves the server (see nova-action-record.ts), if any. */
  readonly recordAs?: string;
}

/** The record of the Workflow that migrates a server, in its metadata (see nova-action-record.ts). */
export const MIGRATED_BY = 'opsflow-migrated-by';
/** The instance action Nova records for each mode (nova/compute/instance_actions.py). */
const ACTION = { live: 'live-migration', cold: 'migrate' } as const;

/** What moveServer asks Nova for, in `mode`. */
export function migrationAsked(server: Server, mode: 'live' | 'cold', recordAs?: string): AskedAction {
  return {
    key: recordAs,
    actions: [ACTION[mode]],
    what: `${mode === 'live' ? 'live-migrate' : 'migrate'} server ${serverLabel(server)}`,
  };
}

/**
 * Moves a server off its host and returns it as last read. A server already in VERIFY_RESIZE (a cold migration an
 * earlier run started) is only confirmed, so running the step again finishes the job. A cold migration is confirmed
 * as soon as it reaches VERIFY_RESIZE, and not at all when Nova already confirmed it (resize_confirm_window).
 */
export async function moveServer(
  nova: ComputeClient,
  server: Server,
  options: MoveOptions,
  ctx: StepContext,
): Promise<Server> {
  const label = serverLabel(server);
  const from = hostOf(server) ?? '';
  if (server.status === 'VERIFY_RESIZE') return confirm(nova, server, options, ctx);
  // A move an earlier run started (and was stopped while waiting for): see it through instead of refusing it.
  if (server.status === 'MIGRATING') {
    return waitForServer(nova, server, `leave ${from}`, movedCheck(from, ['ACTIVE', 'PAUSED']), options, ctx);
  }
  if (server.status === 'RESIZE') return awaitConfirmable(nova, server, from, ['ACTIVE', 'SHUTOFF'], options, ctx);
  const allowed: readonly string[] = MOVABLE[options.mode];
  if (!allowed.includes(server.status)) {
    const hint =
      options.mode === 'live' && server.status === 'SHUTOFF' ? ' (a stopped server moves with mode cold)' : '';
    throw new PreconditionError(
      `server ${label} is ${server.status}; ${options.mode} migration needs ${allowed.join(' or ')}${hint}`,
    );
  }
  const asked = migrationAsked(server, options.mode, options.recordAs);
  if (options.mode === 'live') {
    const blockMigration = blockMigrationOf(options.blockMigration);
    await askNova(
      nova,
      server,
      asked,
      () => nova.liveMigrate(server.id, { host: options.targetHost, blockMigration }),
      ctx,
    );
    ctx.log.info('live-migration-started', { server: server.id, from, to: options.targetHost ?? 'scheduler' });
    if (!options.wait) return server;
    return waitForServer(nova, server, `leave ${from}`, movedCheck(from, [server.status]), options, ctx);
  }
  await askNova(nova, server, asked, () => nova.migrate(server.id, options.targetHost), ctx);
  ctx.log.info('cold-migration-started', { server: server.id, from, to: options.targetHost ?? 'scheduler' });
  if (!options.wait) return server;
  return awaitConfirmable(nova, server, from, [server.status], options, ctx);
}

/** Waits for a cold migration to reach VERIFY_RESIZE, then confirms it (unless Nova already did). */
async function awaitConfirmable(
  nova: ComputeClient,
  server: Server,
  from: string,
  settled: readonly string[],
  options: Waiting,
  ctx: StepContext,
): Promise<Server> {
  const migrated = await waitForServer(
    nova,
    server,
    `reach VERIFY_RESIZE off ${from}`,
    awaitingConfirmCheck(from, settled),
    options,
    ctx,
  );
  return migrated.status === 'VERIFY_RESIZE' ? confirm(nova, migrated, options, ctx) : migrated;
}

async function confirm(nova: ComputeClient, server: Server, options: Waiting, ctx: StepContext): Promise<Server> {
  await withStepErrors(`confirm the migration of server ${serverLabel(server)}`, () => nova.confirmResize(server.id));
  ctx.log.info('migration-confirmed', { server: server.id, host: hostOf(server) });
  return waitForServer(nova, server, 'finish confirming', settledCheck(['ACTIVE', 'SHUTOFF', 'PAUSED']), options, ctx);
}

export async function run(input: ServerMigrateInput, ctx: StepContext): Promise<StepResult> {
  const nova = await connectNova(ctx);
  const server = await readServer(nova, input.server);
  const from = hostOf(server);
  const label = serverLabel(server);
  if (input.targetHost && from === input.targetHost && server.status !== 'VERIFY_RESIZE') {
    await ctx.output('host', from);
    return { outcome: 'unchanged', message: `server ${label} already runs on ${from}` };
  }
  const movable = !['VERIFY_RESIZE', 'MIGRATING', 'RESIZE'].includes(server.status);
  const workflow = movable
    ? await doneByThisWorkflow(nova, server, migrationAsked(server, input.mode, MIGRATED_BY), ctx)
    : undefined;
  if (workflow !== undefined) {
    const done = `workflow ${workflow} already migrated server ${label} (metadata ${MIGRATED_BY})`;
    await ctx.output('host', from ?? '');
    if (ctx.dryRun) return { outcome: 'dry-run', message: `would not migrate server ${label} again: ${done}` };
    ctx.log.info('already-migrated', { server: server.id, workflow, host: from });
    return { outcome: 'unchanged', message: `${done}; it runs on ${from}`, details: { host: from } };
  }
  if (ctx.dryRun) {
    const verb = server.status === 'VERIFY_RESIZE' ? 'confirm the pending migration of' : `${input.mode}-migrate`;
    return {
      outcome: 'dry-run',
      message: `would ${verb} server ${label} (${server.status} on ${from ?? '?'}) to ${input.targetHost ?? 'a host the scheduler chooses'}`,
    };
  }
  const after = await moveServer(nova, server, { ...input, recordAs: MIGRATED_BY }, ctx);
  await ctx.output('host', hostOf(after) ?? '');
  return {
    outcome: 'changed',
    message: input.wait
      ? `moved server ${label} from ${from} to ${hostOf(after)}`
      : `started moving server ${label} off ${from}`,
    details: { from, to: hostOf(after), status: after.status },
  };
}
