import type { DBSnapshot, Rds } from '../../../clients/aws/rds.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { RdsSnapshotInput } from '../inputs/rds-snapshot.js';
import { instanceStatus, waitForSnapshot, withRds } from './rds-common.js';

/** `<instance>-opsflow-<UTC yyyymmddhhmmss>`: a valid snapshot identifier that sorts by time. */
export function generatedSnapshotId(instance: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${generatedPrefix(instance)}${stamp}`;
}

function generatedPrefix(instance: string): string {
  return `${instance.toLowerCase()}-opsflow-`;
}

/**
 * Without an identifier, a retry of this step (after its wait timed out, exit 75) must resume the snapshot its first
 * attempt started rather than start another (the instance is still "backing-up", so RDS would refuse it anyway):
 * the newest generated snapshot of the instance that is still being created.
 */
async function snapshotInProgress(rds: Rds, instance: string): Promise<DBSnapshot | undefined> {
  const prefix = generatedPrefix(instance);
  const generated = (id: string) => id.startsWith(prefix) && /^\d{14}$/.test(id.slice(prefix.length));
  return (await rds.manualSnapshotsOf(instance))
    .filter((s) => s.Status === 'creating' && generated(s.DBSnapshotIdentifier ?? ''))
    .sort((a, b) => ((a.DBSnapshotIdentifier ?? '') < (b.DBSnapshotIdentifier ?? '') ? 1 : -1))[0];
}

export function run(input: RdsSnapshotInput, ctx: StepContext): Promise<StepResult> {
  return withRds(input, ctx, async (rds) => {
    const instance = await rds.describeInstance(input.instance);
    const resumed = input.snapshotIdentifier ? undefined : await snapshotInProgress(rds, input.instance);
    const id =
      input.snapshotIdentifier ?? resumed?.DBSnapshotIdentifier ?? generatedSnapshotId(input.instance, new Date());
    const existing = resumed ?? (await rds.findSnapshot(id));
    if (existing) {
      // RDS identifiers are case-insensitive (stored lowercase).
      if (existing.DBInstanceIdentifier?.toLowerCase() !== input.instance.toLowerCase()) {
        throw new PreconditionError(
          `snapshotIdentifier: DB snapshot ${JSON.stringify(id)} already exists for another DB instance ` +
            `(${existing.DBInstanceIdentifier})`,
        );
      }
      const snapshot = input.wait ? await waitForSnapshot(rds, input, ctx, existing) : existing;
      await writeSnapshotOutputs(ctx, id, snapshot);
      return {
        outcome: 'unchanged',
        message: `DB snapshot ${id} of ${input.instance} already exists`,
        details: { snapshotIdentifier: id, status: snapshot.Status },
      };
    }
    const status = instanceStatus(instance);
    if (status !== 'available' && status !== 'stopped') {
      throw new PreconditionError(
        `DB instance ${input.instance} is ${JSON.stringify(status)}; rds-snapshot needs "available" or "stopped"`,
      );
    }
    if (ctx.dryRun) {
      await writeSnapshotOutputs(ctx, id, undefined);
      return {
        outcome: 'dry-run',
        message: `would create DB snapshot ${id} of DB instance ${input.instance}`,
        details: { snapshotIdentifier: id, instanceStatus: status },
      };
    }
    const creating = await rds.createSnapshot(input.instance, id);
    ctx.log.info('snapshot-creating', { instance: input.instance, snapshot: id, status: creating.Status });
    const snapshot = input.wait ? await waitForSnapshot(rds, input, ctx, creating) : creating;
    await writeSnapshotOutputs(ctx, id, snapshot);
    return {
      outcome: 'changed',
      message: `created DB snapshot ${id} of DB instance ${input.instance}`,
      details: { snapshotIdentifier: id, status: snapshot.Status, snapshotArn: snapshot.DBSnapshotArn },
    };
  });
}

async function writeSnapshotOutputs(ctx: StepContext, id: string, snapshot: DBSnapshot | undefined): Promise<void> {
  await ctx.output('snapshotIdentifier', id);
  await ctx.output('snapshotArn', snapshot?.DBSnapshotArn ?? '');
  await ctx.output('status', snapshot?.Status ?? '');
}
