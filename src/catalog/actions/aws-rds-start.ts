import { RdsStartInput } from '../../steps/aws/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { rdsNeeds } from '../rds.js';

export const awsRdsStart = defineAction({
  name: 'aws-rds-start',
  title: 'Start a stopped AWS RDS DB instance',
  description: actionDescription({
    summary:
      'Start a `stopped` RDS DB instance and wait until it is `available`; an instance already available or ' +
      'starting is left as it is (waited for).',
    changes: 'the instance starts (and is billed again).',
    needs: rdsNeeds(['rds:DescribeDBInstances', 'rds:StartDBInstance']),
    outputs: '`status`, `instanceArn` and `result`.',
    example: { template: 'aws-rds-start', parameters: { instance: 'orders-db' } },
  }),
  step: {
    system: 'aws',
    name: 'rds-start',
    input: RdsStartInput,
    mutating: true,
    outputs: {
      status: 'DB instance status when the step ended (e.g. available, stopped)',
      instanceArn: 'ARN of the DB instance',
    },
  },
  // One change per instance at a time, shared by every RDS action.
  mutex: { prefix: 'rds-instance', by: ['instance'] },
});
