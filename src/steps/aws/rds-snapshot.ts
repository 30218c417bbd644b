import { defineStep } from '../runtime/step.js';
import { RdsSnapshotInput } from './inputs/rds-snapshot.js';

export const rdsSnapshot = defineStep({
  system: 'aws',
  name: 'rds-snapshot',
  description: 'Take a manual DB snapshot of an RDS DB instance and wait until it is available',
  input: RdsSnapshotInput,
  mutating: true,
  outputs: {
    snapshotIdentifier: 'Identifier of the DB snapshot',
    snapshotArn: 'ARN of the DB snapshot',
    status: 'Snapshot status when the step ended (available, or creating without wait)',
  },
  target: (input) => `DB instance ${input.instance}`,
  run: (input, ctx) => import('./run/rds-snapshot.js').then((module) => module.run(input, ctx)),
});
