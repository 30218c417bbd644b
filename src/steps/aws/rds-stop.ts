import { defineStep } from '../runtime/step.js';
import { RdsStopInput } from './inputs/rds-stop.js';
import { instanceOutputs } from './rds-outputs.js';

export const rdsStop = defineStep({
  system: 'aws',
  name: 'rds-stop',
  description: 'Stop an available RDS DB instance, optionally taking a snapshot first, and wait until it is stopped',
  input: RdsStopInput,
  mutating: true,
  outputs: {
    ...instanceOutputs,
    snapshotArn: 'ARN of the snapshot taken before stopping (empty when none was asked for)',
  },
  target: (input) => `DB instance ${input.instance}`,
  run: (input, ctx) => import('./run/rds-stop.js').then((module) => module.run(input, ctx)),
});
