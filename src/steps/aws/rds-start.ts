import { PreconditionError } from '../runtime/errors.js';
import { defineStep } from '../runtime/step.js';
import { RdsStartInput } from './inputs/rds-start.js';
import { instanceOutputs, instanceStatus, waitForInstance, withRds, writeInstanceOutputs } from './rds-common.js';

export const rdsStart = defineStep({
  system: 'aws',
  name: 'rds-start',
  description: 'Start a stopped RDS DB instance and wait until it is available',
  input: RdsStartInput,
  mutating: true,
  outputs: instanceOutputs,
  target: (input) => `DB instance ${input.instance}`,
  run: (input, ctx) =>
    withRds(input, ctx, async (rds) => {
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
    }),
});
