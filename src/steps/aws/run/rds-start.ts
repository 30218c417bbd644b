import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { RdsStartInput } from '../inputs/rds-start.js';
import { instanceStatus, waitForInstance, withRds, writeInstanceOutputs } from './rds-common.js';

export function run(input: RdsStartInput, ctx: StepContext): Promise<StepResult> {
  return withRds(input, ctx, async (rds) => {
    const found = await rds.describeInstance(input.instance);
    const status = instanceStatus(found);
    if (status === 'available' || status === 'starting') {
      const instance =
        status === 'starting' && input.wait ? await waitForInstance(rds, input, ctx, found, 'available') : found;
      await writeInstanceOutputs(ctx, instance);
      return {
        outcome: 'unchanged',
        message: `DB instance ${input.instance} was already ${status}`,
        details: { status },
      };
    }
    if (status !== 'stopped') {
      throw new PreconditionError(
        `DB instance ${input.instance} is ${JSON.stringify(status)}; rds-start needs "stopped"`,
      );
    }
    if (ctx.dryRun) {
      await writeInstanceOutputs(ctx, found);
      return { outcome: 'dry-run', message: `would start DB instance ${input.instance}`, details: { status } };
    }
    const starting = await rds.startInstance(input.instance);
    ctx.log.info('starting', { instance: input.instance, status: instanceStatus(starting) });
    const instance = input.wait ? await waitForInstance(rds, input, ctx, starting, 'available') : starting;
    await writeInstanceOutputs(ctx, instance);
    return {
      outcome: 'changed',
      message: `started DB instance ${input.instance}`,
      details: { status: instanceStatus(instance) },
    };
  });
}
