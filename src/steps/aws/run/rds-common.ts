import { resolveAwsSettings } from '../../../clients/aws/config.js';
import { type DBInstance, type DBSnapshot, Rds } from '../../../clients/aws/rds.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext } from '../../runtime/step.js';
import { waitFor } from '../../runtime/wait.js';

/** The input fields every RDS step shares. */
interface RdsTarget {
  readonly instance: string;
  readonly region?: string;
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
}

/** Instance statuses from which RDS does not recover on its own (RDS User Guide, "Viewing DB instance status"). */
const INSTANCE_TERMINAL = new Set([
  'failed',
  'storage-full',
  'incompatible-network',
  'incompatible-option-group',
  'incompatible-parameters',
  'incompatible-restore',
  'incompatible-credentials',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'restore-error',
  'deleting',
]);
const SNAPSHOT_TERMINAL = new Set(['failed', 'error', 'deleting']);

/**
 * Runs `use` with an RDS client for the step (region from the input or AWS_REGION, endpoint and retries from the
 * environment) and closes its sockets afterwards so the process can exit.
 */
export async function withRds<T>(input: RdsTarget, ctx: StepContext, use: (rds: Rds) => Promise<T>): Promise<T> {
  const rds = new Rds({ ...resolveAwsSettings('rds', ctx.env, input.region), signal: ctx.signal, log: ctx.log });
  try {
    return await use(rds);
  } finally {
    rds.destroy();
  }
}

export function instanceStatus(instance: DBInstance): string {
  return instance.DBInstanceStatus ?? 'unknown';
}

export function waitForInstance(
  rds: Rds,
  input: RdsTarget,
  ctx: StepContext,
  initial: DBInstance,
  target: 'available' | 'stopped',
): Promise<DBInstance> {
  return waitForStatus(`DB instance ${input.instance}`, target, INSTANCE_TERMINAL, input, ctx, {
    initial,
    read: () => rds.describeInstance(input.instance),
    status: instanceStatus,
  });
}

export function waitForSnapshot(
  rds: Rds,
  input: RdsTarget,
  ctx: StepContext,
  initial: DBSnapshot,
): Promise<DBSnapshot> {
  const id = initial.DBSnapshotIdentifier ?? '';
  return waitForStatus(`DB snapshot ${id}`, 'available', SNAPSHOT_TERMINAL, input, ctx, {
    initial,
    // A snapshot that vanishes while being created has failed: report it as such rather than as "not found".
    read: async () => (await rds.findSnapshot(id)) ?? { ...initial, Status: 'deleting' },
    status: (snapshot: DBSnapshot) => snapshot.Status,
  });
}

/**
 * Waits (the runtime's one wait: progress logs, timeout exit 75, SIGTERM) until `status` is `target`, starting from
 * the state already known (from the describe or the mutating call), so a target already reached costs no request. A
 * terminal status fails fast (exit 3).
 */
async function waitForStatus<T>(
  what: string,
  target: string,
  terminal: ReadonlySet<string>,
  input: RdsTarget,
  ctx: StepContext,
  state: { readonly initial: T; readonly read: () => Promise<T>; readonly status: (value: T) => string | undefined },
): Promise<T> {
  let value = state.initial;
  let polled = false;
  await waitFor(
    async () => {
      if (polled) value = await state.read();
      polled = true;
      const status = state.status(value);
      if (status !== undefined && terminal.has(status)) {
        throw new PreconditionError(
          `${what} reached status ${JSON.stringify(status)} while waiting for ${JSON.stringify(target)}`,
        );
      }
      return {
        done: status === target,
        message: `status ${JSON.stringify(status)}`,
        fields: { resource: what, status, wanted: target },
      };
    },
    {
      what: `${what} to become ${JSON.stringify(target)}`,
      timeoutMs: input.timeoutSeconds * 1000,
      intervalMs: input.pollIntervalSeconds * 1000,
      log: ctx.log,
      signal: ctx.signal,
    },
  );
  return value;
}

/** The output parameters every instance step writes (always all of them: Argo fails on a missing output file). */
export async function writeInstanceOutputs(ctx: StepContext, instance: DBInstance): Promise<void> {
  await ctx.output('status', instanceStatus(instance));
  await ctx.output('instanceArn', instance.DBInstanceArn ?? '');
}
