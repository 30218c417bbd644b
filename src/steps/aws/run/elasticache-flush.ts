import { readFile } from 'node:fs/promises';
import { resolveAwsSettings } from '../../../clients/aws/config.js';
import { ElastiCache, type ReplicationGroup } from '../../../clients/aws/elasticache.js';
import { redisStepError } from '../../../clients/redis/errors.js';
import { keysPerDatabase, parseInfo, RedisConnection } from '../../../clients/redis/resp.js';
import { PreconditionError, TransientError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ElastiCacheFlushInput } from '../inputs/elasticache-flush.js';

/** Statuses in which a group has no usable primary (ElastiCache User Guide, "Replication group status"). */
const UNUSABLE = new Set(['creating', 'deleting', 'create-failed']);

/**
 * The primary endpoint of a cluster-mode-disabled group with in-transit encryption, or a refusal (exit 3) naming
 * why: cluster mode spreads the keys over shards (FLUSHALL on one endpoint would empty one shard only), and opsflow
 * sends the AUTH token over TLS only.
 */
function primaryEndpoint(group: ReplicationGroup, id: string): { host: string; port: number } {
  const status = group.Status ?? 'unknown';
  if (UNUSABLE.has(status)) {
    throw new PreconditionError(`replication group ${id} is ${JSON.stringify(status)}; it has no primary to flush`);
  }
  if (group.ClusterEnabled || group.ConfigurationEndpoint) {
    throw new PreconditionError(
      `replication group ${id} runs in cluster mode (configuration endpoint ${group.ConfigurationEndpoint?.Address}); ` +
        'elasticache-flush handles cluster mode disabled only: FLUSHALL would have to reach every shard primary',
    );
  }
  if (!group.TransitEncryptionEnabled) {
    throw new PreconditionError(
      `replication group ${id} has no in-transit encryption; elasticache-flush connects with TLS only`,
    );
  }
  const endpoint = group.NodeGroups?.[0]?.PrimaryEndpoint;
  if (!endpoint?.Address || !endpoint.Port) {
    throw new PreconditionError(`replication group ${id} shows no primary endpoint (status ${status})`);
  }
  return { host: endpoint.Address, port: endpoint.Port };
}

/** The private CA of the Redis server's certificate, from `REDIS_TLS_CA_FILE` (ElastiCache's is publicly trusted). */
async function extraCa(ctx: StepContext): Promise<string | undefined> {
  const file = ctx.env.REDIS_TLS_CA_FILE;
  if (!file) return undefined;
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new PreconditionError(`REDIS_TLS_CA_FILE: cannot read ${JSON.stringify(file)}: ${error.code}`);
  });
}

/** Total keys and keys per database (`INFO keyspace`). */
async function keyspace(
  redis: RedisConnection,
  when: string,
): Promise<{ total: number; databases: Record<string, number> }> {
  const databases = keysPerDatabase(String(await call(when, () => redis.command('INFO', 'keyspace'))));
  return { total: Object.values(databases).reduce((sum, keys) => sum + keys, 0), databases };
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw redisStepError(error, what);
  }
}

export async function run(input: ElastiCacheFlushInput, ctx: StepContext): Promise<StepResult> {
  const id = input.replicationGroup;
  const api = new ElastiCache({ ...resolveAwsSettings('elasticache', ctx.env, input.region), signal: ctx.signal });
  let group: ReplicationGroup;
  try {
    group = await api.replicationGroup(id);
  } finally {
    api.destroy();
  }
  const { host, port } = primaryEndpoint(group, id);
  const token = await ctx.secret('REDIS_AUTH_TOKEN');
  if (!token && (group.AuthTokenEnabled || input.user)) {
    throw new PreconditionError(
      `replication group ${id} needs an AUTH token: set REDIS_AUTH_TOKEN or REDIS_AUTH_TOKEN_FILE`,
    );
  }
  const endpoint = `${host}:${port}`;
  const timeoutMs = input.commandTimeoutSeconds * 1000;
  const redis = await call(`connect to ${endpoint}`, async () =>
    RedisConnection.connect({ host, port, ca: await extraCa(ctx), timeoutMs, signal: ctx.signal }),
  );
  try {
    if (token) {
      await call(`AUTH on ${endpoint}`, () =>
        input.user ? redis.command('AUTH', input.user, token) : redis.command('AUTH', token),
      );
    }
    // The primary endpoint follows a failover through DNS; until it has, it may still name the old primary.
    const role = parseInfo(String(await call('INFO replication', () => redis.command('INFO', 'replication')))).get(
      'role',
    );
    if (role !== 'master') {
      throw new TransientError(
        `${endpoint} answers as ${role ?? 'unknown role'}, not as the primary: a failover may be under way`,
      );
    }
    const before = await keyspace(redis, 'INFO keyspace');
    ctx.log.info('keys-before', { endpoint, keys: before.total, databases: before.databases });
    await ctx.output('endpoint', endpoint);
    await ctx.output('keysBefore', before.total);
    if (before.total === 0) {
      await ctx.output('keysAfter', 0);
      return { outcome: 'unchanged', message: `replication group ${id} holds no keys`, details: { endpoint } };
    }
    if (ctx.dryRun) {
      await ctx.output('keysAfter', before.total);
      return {
        outcome: 'dry-run',
        message: `would flush ${before.total} keys of replication group ${id} (FLUSHALL ASYNC on ${endpoint})`,
        details: { endpoint, keysBefore: before.databases },
      };
    }
    await call('FLUSHALL ASYNC', () => redis.command('FLUSHALL', 'ASYNC'));
    const after = await keyspace(redis, 'INFO keyspace after FLUSHALL');
    ctx.log.info('flushed', { endpoint, keysBefore: before.total, keysAfter: after.total });
    await ctx.output('keysAfter', after.total);
    return {
      outcome: 'changed',
      message: `flushed replication group ${id}: ${before.total} keys before, ${after.total} after`,
      details: { endpoint, keysBefore: before.databases, keysAfter: after.databases },
    };
  } finally {
    redis.close();
  }
}
