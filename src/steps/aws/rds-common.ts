import { resolveAwsSettings } from '../../clients/aws/config.js';
import { type DBInstance, type DBSnapshot, Rds } from '../../clients/aws/rds.js';
import { waitForStatus } from '../../clients/aws/wait.js';
import type { StepContext } from '../runtime/step.js';

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
  return waitForStatus({
    what: `DB instance ${input.instance}`,
    target,
    initial,
    read: () => rds.describeInstance(input.instance),
    status: instanceStatus,
    terminal: INSTANCE_TERMINAL,
    ...timing(input, ctx),
  });
}

export function waitForSnapshot(
  rds: Rds,
  input: RdsTarget,
  ctx: StepContext,
  initial: DBSnapshot,
): Promise<DBSnapshot> {
  const id = initial.DBSnapshotIdentifier ?? '';
  return waitForStatus({
    what: `DB snapshot ${id}`,
    target: 'available',
    initial,
    // A snapshot that vanishes while being created has failed: report it as such rather than as "not found".
    read: async () => (await rds.findSnapshot(id)) ?? { ...initial, Status: 'deleting' },
    status: (snapshot) => snapshot.Status,
    terminal: SNAPSHOT_TERMINAL,
    ...timing(input, ctx),
  });
}

function timing(input: RdsTarget, ctx: StepContext) {
  return {
    timeoutMs: input.timeoutSeconds * 1000,
    intervalMs: input.pollIntervalSeconds * 1000,
    log: ctx.log,
    signal: ctx.signal,
  };
}

/** The output parameters every instance step writes (always all of them: Argo fails on a missing output file). */
export async function writeInstanceOutputs(ctx: StepContext, instance: DBInstance): Promise<void> {
  await ctx.output('status', instanceStatus(instance));
  await ctx.output('instanceArn', instance.DBInstanceArn ?? '');
}

export const instanceOutputs = {
  status: 'DB instance status when the step ended (e.g. available, stopped)',
  instanceArn: 'ARN of the DB instance',
} as const;
