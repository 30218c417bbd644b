import { ElastiCacheFlushInput } from '../../steps/aws/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const awsElasticacheFlush = defineAction({
  name: 'aws-elasticache-flush',
  title: 'Flush every key of an ElastiCache replication group',
  description: actionDescription({
    summary:
      "Find the replication group's primary endpoint through the ElastiCache API, connect over TLS with its AUTH " +
      'token, count the keys, send `FLUSHALL ASYNC` and count them again.',
    changes:
      'every key of every database of the group is deleted (the cache starts empty; memory frees in the background).',
    needs:
      "the IAM role of the site (`aws.roleArn`, IRSA on this template's ServiceAccount) allowed " +
      "`elasticache:DescribeReplicationGroups`; region `region` or the site's. The group's AUTH token is the key named after it in `aws.elasticache.authTokens`, mounted only in this " +
      "action's pods; a group the site does not list there has none.",
    outputs: '`keysBefore`, `keysAfter`, `endpoint` and `result`.',
    example: { template: 'aws-elasticache-flush', parameters: { replicationGroup: 'sessions-cache' } },
  }),
  step: {
    system: 'aws',
    name: 'elasticache-flush',
    input: ElastiCacheFlushInput,
    mutating: true,
    outputs: {
      keysBefore: 'Keys in every database before the flush (INFO keyspace)',
      keysAfter: 'Keys in every database after the flush (on a dry run: the keys as found)',
      endpoint: 'The primary endpoint flushed, host:port',
    },
  },
  mutex: { prefix: 'elasticache-group', by: ['replicationGroup'] },
});
