import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { RdsStopInput } from '../inputs/rds-stop.js';
import { instanceStatus, waitForInstance, withRds, writeInstanceOutputs } from './rds-common.js';

export function run(input: RdsStopInput, ctx: StepContext): Promise<StepResult> {
  return withRds(input, ctx, async (rds) => {
    const found = await rds.describeInstance(input.instance);
    const status = instanceStatus(found);
    const snapshotArn = async () =>
      input.snapshotIdentifier ? ((await rds.findSnapshot(input.snapshotIdentifier))?.DBSnapshotArn ?? '') : '';

    if (status === 'stopped' || status === 'stopping') {
      const instance =
        status === 'stopping' && input.wait ? await waitForInstance(rds, input, ctx, found, 'stopped') : found;
      await writeInstanceOutputs(ctx, instance);
      await ctx.output('snapshotArn', await snapshotArn());
      return {
        outcome: 'unchanged',
        message: `DB instance ${input.instance} was already ${status}`,
        details: { status },
      };
    }
    if (status !== 'available') {
      throw new PreconditionError(
        `DB instance ${input.instance} is ${JSON.stringify(status)}; rds-stop needs "available"`,
      );
    }
    if (input.snapshotIdentifier) {
      const existing = await rds.findSnapshot(input.snapshotIdentifier);
      if (existing) {
        throw new PreconditionError(
          `snapshotIdentifier: DB snapshot ${JSON.stringify(input.snapshotIdentifier)} already exists ` +
            `(of DB instance ${existing.DBInstanceIdentifier}); choose another identifier`,
        );
      }
    }
    const withSnapshot = input.snapshotIdentifier ? ` after taking snapshot ${input.snapshotIdentifier}` : '';
    if (ctx.dryRun) {
      await writeInstanceOutputs(ctx, found);
      await ctx.output('snapshotArn', '');
      return {
        outcome: 'dry-run',
        message: `would stop DB instance ${input.instance}${withSnapshot}`,
        details: { status, snapshotIdentifier: input.snapshotIdentifier ?? null },
      };
    }
    const stopping = await rds.stopInstance(input.instance, input.snapshotIdentifier);
    ctx.log.info('stopping', { instance: input.instance, status: instanceStatus(stopping) });
    const instance = input.wait ? await waitForInstance(rds, input, ctx, stopping, 'stopped') : stopping;
    await writeInstanceOutputs(ctx, instance);
    await ctx.output('snapshotArn', await snapshotArn());
    return {
      outcome: 'changed',
      message: `stopped DB instance ${input.instance}${withSnapshot}`,
      details: { status: instanceStatus(instance), snapshotIdentifier: input.snapshotIdentifier ?? null },
    };
  });
}
