import { collect, HttpError, mapLimit } from '../../../clients/http/index.js';
import { hostOf, type Server, withStepErrors } from '../../../clients/openstack/index.js';
import { ExitCode, InterruptedError, PreconditionError, type StepError, TransientError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { HypervisorDrainInput } from '../inputs/nova-hypervisor-drain.js';
import { connectNova } from './nova-common.js';
import { disableComputeService } from './nova-compute-service.js';
import { moveServer } from './nova-server-migrate.js';

interface Moved {
  readonly id: string;
  readonly name: string;
  readonly mode: 'live' | 'cold';
  readonly to: string | null;
}
interface NotMoved {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly reason: string;
  /** True when running the step again may move it (timeout, transient API failure). */
  readonly retryable: boolean;
}

type Outcome = { readonly moved: Moved } | { readonly notMoved: NotMoved };

/**
 * Stopped servers move cold, the rest live (moveServer sees an unfinished move of an earlier run through: a cold one
 * waiting in VERIFY_RESIZE or RESIZE, a live one in MIGRATING).
 */
function modeFor(server: Server): 'live' | 'cold' {
  return ['SHUTOFF', 'VERIFY_RESIZE', 'RESIZE'].includes(server.status) ? 'cold' : 'live';
}

export async function run(input: HypervisorDrainInput, ctx: StepContext): Promise<StepResult> {
  const nova = await connectNova(ctx);
  const service = await disableComputeService(nova, input.host, input.reason, ctx);
  const servers = await withStepErrors(`list the servers on ${input.host}`, async () => {
    const onHost = await collect(nova.serversOnHost(input.host));
    // A cold migration an earlier run left unconfirmed (its confirmation failed, or the run was stopped): the
    // server already shows its new host, yet holds its resources here until confirmed. Confirm it this time.
    const listed = new Set(onHost.map((server) => server.id));
    const unconfirmed: Server[] = [];
    for await (const migration of nova.unconfirmedMigrationsFrom(input.host)) {
      if (listed.has(migration.instance_uuid)) continue;
      listed.add(migration.instance_uuid);
      const server = await nova.server(migration.instance_uuid).catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 404) return undefined;
        throw error;
      });
      if (server?.status === 'VERIFY_RESIZE') unconfirmed.push(server);
    }
    return [...onHost, ...unconfirmed];
  });
  ctx.log.info('servers-listed', { host: input.host, count: servers.length });

  if (ctx.dryRun) {
    const plan = servers.map((s) => ({ id: s.id, name: s.name, status: s.status, mode: modeFor(s) }));
    await ctx.output('report', { host: input.host, service: service.message, wouldMove: plan });
    return {
      outcome: 'dry-run',
      message: `${service.message}; would move ${servers.length} servers off ${input.host}`,
      details: { servers: plan },
    };
  }

  // What has happened so far, for the report of a run stopped by SIGTERM part-way.
  const movedSoFar: Moved[] = [];
  const moving = new Map<string, { id: string; name: string; mode: 'live' | 'cold' }>();
  const drain = mapLimit(servers, input.concurrency, async (server): Promise<Outcome> => {
    const mode = modeFor(server);
    moving.set(server.id, { id: server.id, name: server.name, mode });
    try {
      const after = await moveServer(
        nova,
        server,
        {
          mode,
          targetHost: input.targetHost,
          blockMigration: input.blockMigration,
          wait: true,
          timeoutSeconds: input.serverTimeoutSeconds,
          pollIntervalSeconds: input.pollIntervalSeconds,
        },
        ctx,
      );
      ctx.log.info('server-moved', { server: server.id, mode, to: hostOf(after) });
      const moved: Moved = { id: server.id, name: server.name, mode, to: hostOf(after) };
      movedSoFar.push(moved);
      moving.delete(server.id);
      return { moved };
    } catch (error) {
      const exitCode = (error as Partial<StepError>).exitCode;
      if (exitCode === undefined || ctx.signal.aborted) throw error;
      const reason = (error as Error).message;
      ctx.log.warn('server-not-moved', { server: server.id, status: server.status, reason });
      const notMoved: NotMoved = {
        id: server.id,
        name: server.name,
        status: server.status,
        reason,
        retryable: exitCode === ExitCode.Transient,
      };
      moving.delete(server.id);
      return { notMoved };
    }
  });
  const outcomes = await drain.catch(async (error: unknown) => {
    if (!ctx.signal.aborted) throw error;
    // Stopped (SIGTERM): the servers being moved go on moving in Nova; running the step again finishes them.
    const report = { host: input.host, service: service.message, moved: movedSoFar, moving: [...moving.values()] };
    await ctx.output('report', report);
    throw new InterruptedError(
      `moved ${movedSoFar.length} of ${servers.length} servers off ${input.host} before being stopped; ` +
        `${moving.size} were being moved (${[...moving.values()].map((s) => s.name).join(', ') || 'none'})`,
      report,
      { cause: error },
    );
  });
  const moved = outcomes.flatMap((o) => ('moved' in o ? [o.moved] : []));
  const notMoved = outcomes.flatMap((o) => ('notMoved' in o ? [o.notMoved] : []));
  await ctx.output('report', { host: input.host, service: service.message, moved, notMoved });

  if (notMoved.length > 0) {
    const lines = notMoved.map((s) => `  ${s.name} (${s.id}, ${s.status}): ${s.reason}`).join('\n');
    const message = `moved ${moved.length} of ${servers.length} servers off ${input.host}; not moved:\n${lines}`;
    throw notMoved.some((s) => s.retryable) ? new TransientError(message) : new PreconditionError(message);
  }
  const changed = moved.length > 0 || service.outcome === 'changed';
  return {
    outcome: changed ? 'changed' : 'unchanged',
    message:
      moved.length > 0
        ? `moved ${moved.length} servers off ${input.host} (nova-compute disabled)`
        : `${input.host} has no servers left (nova-compute disabled)`,
    details: { moved },
  };
}
