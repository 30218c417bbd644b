import { defineStep } from '../runtime/step.js';
import { RdsRebootInput } from './inputs/rds-reboot.js';
import { instanceOutputs } from './rds-outputs.js';

export const rdsReboot = defineStep({
  system: 'aws',
  name: 'rds-reboot',
  description:
    'Reboot an RDS DB instance (optionally failing over to the Multi-AZ standby) and wait until it is available',
  input: RdsRebootInput,
  mutating: true,
  outputs: instanceOutputs,
  target: (input) => `DB instance ${input.instance}`,
  run: (input, ctx) => import('./run/rds-reboot.js').then((module) => module.run(input, ctx)),
});
