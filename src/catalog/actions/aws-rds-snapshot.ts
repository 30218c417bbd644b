import { RdsSnapshotInput } from '../../steps/aws/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { rdsNeeds } from '../rds.js';

export const awsRdsSnapshot = defineAction({
  name: 'aws-rds-snapshot',
  title: 'Take a manual snapshot of an AWS RDS DB instance',
  description: actionDescription({
    summary:
      'Create a manual DB snapshot of an `available` or `stopped` instance and wait until it is `available`. ' +
      'Without `snapshotIdentifier` the name is `<instance>-opsflow-<UTC timestamp>`, and a retry resumes the ' +
      'snapshot its first attempt started.',
    changes: 'one manual DB snapshot (kept until deleted, and billed).',
    needs: rdsNeeds(['rds:DescribeDBInstances', 'rds:DescribeDBSnapshots', 'rds:CreateDBSnapshot']),
    outputs: '`snapshotIdentifier`, `snapshotArn`, `status` (of the snapshot) and `result`.',
    example: { template: 'aws-rds-snapshot', parameters: { instance: 'orders-db' } },
  }),
  step: {
    system: 'aws',
    name: 'rds-snapshot',
    input: RdsSnapshotInput,
    mutating: true,
    outputs: {
      snapshotIdentifier: 'Identifier of the DB snapshot',
      snapshotArn: 'ARN of the DB snapshot',
      status: 'Snapshot status when the step ended (available, or creating without wait)',
    },
  },
  // One change per instance at a time, shared by every RDS action (RDS refuses a snapshot of a rebooting instance).
  mutex: { prefix: 'rds-instance', by: ['instance'] },
});
