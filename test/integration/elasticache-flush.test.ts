import { readFileSync } from 'node:fs';
import { RedisConnection } from '../../src/clients/redis/resp.js';
import { elasticacheFlush } from '../../src/steps/aws/elasticache-flush.js';
import type { FakeElastiCache } from '../fakes/aws/fake-elasticache.js';
import { runStep, startFakeElastiCache } from '../steps/aws/harness.js';
import { type RedisPeer, redisPeer } from './redis-peer.js';

/**
 * aws elasticache-flush against the real redis-server (Debian, TLS with a private CA, requirepass) that
 * global-setup starts through scripts/redis/start.sh; the ElastiCache API is the fake, pointing at it.
 */
let peer: RedisPeer;
let password: string;
let fake: FakeElastiCache;
let env: Record<string, string>;

beforeAll(async () => {
  peer = redisPeer();
  password = readFileSync(peer.passwordFile, 'utf8').trim();
  ({ fake, env } = await startFakeElastiCache());
  fake.addReplicationGroup({ id: 'sessions', address: peer.host, port: peer.port });
  env = { ...env, REDIS_AUTH_TOKEN_FILE: peer.passwordFile, REDIS_TLS_CA_FILE: peer.caFile };
});
afterAll(() => fake.stop());

/** The test's own connection, as the step's would be, to seed and count keys. */
async function redis<T>(use: (connection: RedisConnection) => Promise<T>): Promise<T> {
  const connection = await RedisConnection.connect({ ...peer, ca: readFileSync(peer.caFile, 'utf8') });
  try {
    await connection.command('AUTH', password);
    return await use(connection);
  } finally {
    connection.close();
  }
}

async function seed(): Promise<void> {
  await redis(async (r) => {
    await r.command('FLUSHALL');
    for (let i = 0; i < 5; i++) await r.command('SET', `session:${i}`, 'x'.repeat(100));
    await r.command('SELECT', '3');
    await r.command('SET', 'cache:a', '1');
    await r.command('SET', 'cache:b', '2', 'EX', '3600');
  });
}

const dbsize = (db: string) =>
  redis(async (r) => {
    await r.command('SELECT', db);
    return r.command('DBSIZE');
  });

test('dry run: reports the keys of every database and flushes nothing', async () => {
  await seed();
  const run = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env, dryRun: true });
  expect(run.error).toBeUndefined();
  expect(run.result).toEqual({
    outcome: 'dry-run',
    message: `would flush 7 keys of replication group sessions (FLUSHALL ASYNC on 127.0.0.1:${peer.port})`,
    details: { endpoint: `127.0.0.1:${peer.port}`, keysBefore: { db0: 5, db3: 2 } },
  });
  expect(run.outputs).toEqual({ endpoint: `127.0.0.1:${peer.port}`, keysBefore: '7', keysAfter: '7' });
  expect([await dbsize('0'), await dbsize('3')]).toEqual([5, 2]);
});

test('flush: FLUSHALL ASYNC over TLS with the AUTH token empties every database; a second run is unchanged', async () => {
  await seed();
  const run = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env });
  expect(run.error).toBeUndefined();
  expect(run.result).toEqual({
    outcome: 'changed',
    message: 'flushed replication group sessions: 7 keys before, 0 after',
    details: { endpoint: `127.0.0.1:${peer.port}`, keysBefore: { db0: 5, db3: 2 }, keysAfter: {} },
  });
  expect(run.outputs).toEqual({ endpoint: `127.0.0.1:${peer.port}`, keysBefore: '7', keysAfter: '0' });
  expect(run.logs.map((line) => line.event)).toEqual(['keys-before', 'flushed']);
  expect([await dbsize('0'), await dbsize('3')]).toEqual([0, 0]);
  expect(JSON.stringify(run.logs)).not.toContain(password);

  const again = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env });
  expect(again.result).toMatchObject({ outcome: 'unchanged', message: 'replication group sessions holds no keys' });
});

test('a wrong AUTH token is exit 3 with the server`s answer, and the token shows nowhere', async () => {
  await seed();
  const wrong = 'not-the-password-0123456789';
  const run = await runStep(
    elasticacheFlush,
    { replicationGroup: 'sessions' },
    { env: { ...env, REDIS_AUTH_TOKEN_FILE: '', REDIS_AUTH_TOKEN: wrong } },
  );
  expect(run.error?.exitCode).toBe(3);
  expect(run.error?.message).toBe(
    `AUTH on 127.0.0.1:${peer.port}: Redis answered WRONGPASS invalid username-password pair or user is disabled.`,
  );
  expect(JSON.stringify(run.logs)).not.toContain(wrong);
  expect(await dbsize('0')).toBe(5);
});

test('a user that does not exist (RBAC AUTH user token) is refused the same way', async () => {
  const run = await runStep(elasticacheFlush, { replicationGroup: 'sessions', user: 'app-flusher' }, { env });
  expect(run.error?.exitCode).toBe(3);
  expect(run.error?.message).toContain('WRONGPASS');
});

test('a server certificate not signed by a trusted CA is exit 3 (the TLS handshake fails before AUTH)', async () => {
  const run = await runStep(
    elasticacheFlush,
    { replicationGroup: 'sessions' },
    { env: { ...env, REDIS_TLS_CA_FILE: '' } },
  );
  expect(run.error?.exitCode).toBe(3);
  expect(run.error?.message).toBe(
    `connect to 127.0.0.1:${peer.port}: connection failed: self-signed certificate in certificate chain`,
  );
});
