import { defineStep } from '../runtime/step.js';
import { ElastiCacheFlushInput } from './inputs/elasticache-flush.js';

/**
 * The AppSRE "flush ElastiCache" action: finds the group's primary endpoint (DescribeReplicationGroups), connects with
 * TLS and the AUTH token (`REDIS_AUTH_TOKEN` or the file named by `REDIS_AUTH_TOKEN_FILE`), reports the keys, sends
 * `FLUSHALL ASYNC` (the keyspace empties at once, memory is freed in the background) and reports the keys after.
 */
export const elasticacheFlush = defineStep({
  system: 'aws',
  name: 'elasticache-flush',
  description:
    'Flush every key of an ElastiCache (Redis OSS or Valkey) replication group: FLUSHALL ASYNC on its primary over TLS with the AUTH token, keys reported before and after',
  input: ElastiCacheFlushInput,
  mutating: true,
  outputs: {
    keysBefore: 'Keys in every database before the flush (INFO keyspace)',
    keysAfter: 'Keys in every database after the flush (on a dry run: the keys as found)',
    endpoint: 'The primary endpoint flushed, host:port',
  },
  target: (input) => `replication group ${input.replicationGroup}`,
  run: (input, ctx) => import('./run/elasticache-flush.js').then((module) => module.run(input, ctx)),
});
