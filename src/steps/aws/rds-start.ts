import { defineStep } from '../runtime/step.js';
import { RdsStartInput } from './inputs/rds-start.js';
import { instanceOutputs } from './rds-outputs.js';

export const rdsStart = defineStep({
  system: 'aws',
  name: 'rds-start',
  description: 'Start a stopped RDS DB instance and wait until it is available',
  input: RdsStartInput,
  mutating: true,
  outputs: instanceOutputs,
  target: (input) => `DB instance ${input.instance}`,
  run: (input, ctx) => import('./run/rds-start.js').then((module) => module.run(input, ctx)),
});
