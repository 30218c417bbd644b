import { RdsStopInput } from '../../steps/aws/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { rdsNeeds } from '../rds.js';

export const awsRdsStop = defineAction({
  name: 'aws-rds-stop',
  title: 'Stop an AWS RDS DB instance',
  description: actionDescription({
    summary:
      'Stop an `available` RDS DB instance, optionally taking a DB snapshot right before, and wait until it is ' +
      '`stopped`. RDS starts a stopped instance again by itself after 7 days.',
    changes: 'the instance stops (an outage until started); with `snapshotIdentifier`, one manual snapshot.',
    needs: rdsNeeds([
      'rds:DescribeDBInstances',
      'rds:StopDBInstance',
      'rds:DescribeDBSnapshots',
      'rds:CreateDBSnapshot',
    ]),
    outputs: '`status`, `instanceArn`, `snapshotArn` (empty without a snapshot) and `result`.',
    example: {
      template: 'aws-rds-stop',
      parameters: { instance: 'orders-db', snapshotIdentifier: 'orders-db-before-stop' },
    },
  }),
  step: {
    system: 'aws',
    name: 'rds-stop',
    input: RdsStopInput,
    mutating: true,
    outputs: {
      status: 'DB instance status when the step ended (e.g. available, stopped)',
      instanceArn: 'ARN of the DB instance',
      snapshotArn: 'ARN of the snapshot taken before stopping (empty when none was asked for)',
    },
  },
  // One change per instance at a time, shared by every RDS action.
  mutex: { prefix: 'rds-instance', by: ['instance'] },
});
