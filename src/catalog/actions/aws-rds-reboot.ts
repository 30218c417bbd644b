import { RdsRebootInput } from '../../steps/aws/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { rdsNeeds } from '../rds.js';

export const awsRdsReboot = defineAction({
  name: 'aws-rds-reboot',
  title: 'Reboot an AWS RDS DB instance',
  description: actionDescription({
    summary:
      'Reboot an `available` RDS DB instance, optionally failing over to its Multi-AZ standby, and wait until it is ' +
      '`available` again. A reboot already under way is waited for, not repeated.',
    changes: 'the instance reboots (a short outage; with `forceFailover`, the standby becomes the primary).',
    needs: rdsNeeds(['rds:DescribeDBInstances', 'rds:RebootDBInstance', 'rds:AddTagsToResource']),
    outputs: '`status`, `instanceArn` and `result`.',
    example: { template: 'aws-rds-reboot', parameters: { instance: 'orders-db' } },
  }),
  step: {
    system: 'aws',
    name: 'rds-reboot',
    input: RdsRebootInput,
    mutating: true,
    outputs: {
      status: 'DB instance status when the step ended (e.g. available, stopped)',
      instanceArn: 'ARN of the DB instance',
    },
  },
  // One change per instance at a time, shared by every RDS action (a stop during a reboot fails on RDS's side).
  mutex: { prefix: 'rds-instance', by: ['instance'] },
});
