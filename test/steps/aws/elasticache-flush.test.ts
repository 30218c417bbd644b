import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { elasticacheFlush } from '../../../src/steps/aws/elasticache-flush.js';
import type { FakeElastiCache } from '../../fakes/aws/fake-elasticache.js';
import { selfSignedCertificate } from '../../fakes/self-signed.js';
import { runStep, startFakeElastiCache } from './harness.js';

// Throttling backs off from a 1 s base (the SDK's standard mode), so exhausting 3 attempts can take a few seconds.
jest.setTimeout(30_000);

// The Redis side runs against the real redis-server in test/integration/elasticache-flush.test.ts; these cover the
// ElastiCache API and every refusal that happens before a connection.
let fake: FakeElastiCache;
let env: Record<string, string>;
beforeEach(async () => {
  ({ fake, env } = await startFakeElastiCache());
});
afterEach(() => fake.stop());

const group = { id: 'sessions', address: '127.0.0.1', port: 1 };
const withToken = () => ({ ...env, REDIS_AUTH_TOKEN: 'token-of-the-test-0123456789' });

describe('aws elasticache-flush: the ElastiCache API', () => {
  it('asks DescribeReplicationGroups for the group, signed for elasticache, with API version 2015-02-02', async () => {
    fake.addReplicationGroup({ ...group, clusterEnabled: true });
    await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env: withToken() });
    expect(fake.requests.map((r) => r.params)).toEqual([
      { Action: 'DescribeReplicationGroups', Version: '2015-02-02', ReplicationGroupId: 'sessions' },
    ]);
    expect(fake.requests[0]?.authorization).toMatch(/\/eu-west-1\/elasticache\/aws4_request/);
  });

  it('exits 3 for a group that does not exist (ReplicationGroupNotFoundFault, HTTP 404)', async () => {
    const run = await runStep(elasticacheFlush, { replicationGroup: 'nope' }, { env: withToken() });
    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'DescribeReplicationGroups nope: ReplicationGroupNotFoundFault (HTTP 404): ReplicationGroup nope not found',
    );
  });

  it('retries throttling and exits 75 once it outlasts AWS_MAX_ATTEMPTS', async () => {
    fake.addReplicationGroup({ ...group, clusterEnabled: true });
    fake.inject({ kind: 'throttle' }, 2);
    const retried = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env: withToken() });
    expect(fake.actions()).toHaveLength(3);
    expect(retried.error?.message).toContain('cluster mode'); // the third attempt answered

    fake.inject({ kind: 'throttle' }, 100);
    const throttled = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env: withToken() });
    expect(throttled.error?.exitCode).toBe(75);
    expect(throttled.error?.message).toBe(
      'DescribeReplicationGroups sessions: Throttling (HTTP 400): Rate exceeded after 3 attempts',
    );
  });

  it('exits 75 when the API keeps answering 503', async () => {
    fake.inject({ kind: 'status', status: 503 }, 100);
    const run = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env: withToken() });
    expect(run.error?.exitCode).toBe(75);
  });
});

describe('aws elasticache-flush: refusals before connecting (exit 3)', () => {
  it('refuses cluster mode, naming the configuration endpoint', async () => {
    fake.addReplicationGroup({
      ...group,
      address: 'clustercfg.sessions.abc.euw1.cache.amazonaws.com',
      clusterEnabled: true,
    });
    const run = await runStep(elasticacheFlush, { replicationGroup: 'sessions' }, { env: withToken() });
    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'replication group sessions runs in cluster mode (configuration endpoint clustercfg.sessions.abc.euw1.cache.amazonaws.com); elasticache-flush handles cluster mode disabled only: FLUSHALL would have to reach every shard primary',
    );
  });

  it('refuses a group without in-transit encryption, one being created, and a missing token', async () => {
    fake.addReplicationGroup({ ...group, id: 'plain', transitEncryption: false });
    fake.addReplicationGroup({ ...group, id: 'fresh', status: 'creating' });
    fake.addReplicationGroup({ ...group, id: 'locked' });
    const plain = await runStep(elasticacheFlush, { replicationGroup: 'plain' }, { env: withToken() });
    expect(plain.error?.message).toBe(
      'replication group plain has no in-transit encryption; elasticache-flush connects with TLS only',
    );
    const fresh = await runStep(elasticacheFlush, { replicationGroup: 'fresh' }, { env: withToken() });
    expect(fresh.error?.message).toBe('replication group fresh is "creating"; it has no primary to flush');
    const locked = await runStep(elasticacheFlush, { replicationGroup: 'locked' }, { env });
    expect(locked.error?.message).toBe(
      'replication group locked needs an AUTH token: set REDIS_AUTH_TOKEN or REDIS_AUTH_TOKEN_FILE',
    );
    for (const run of [plain, fresh, locked]) expect(run.error?.exitCode).toBe(3);
  });
});

describe('aws elasticache-flush: the primary cannot be reached', () => {
  let closed: Server;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => closed.close(() => resolve()));
  });

  it('exits 75 when the primary refuses the connection, 3 when it does not speak TLS', async () => {
    // A port nothing listens on (bound, then closed), and a server that closes every connection before TLS.
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    closed = createServer((socket) => {
      sockets.add(socket);
      socket.end('-ERR not TLS\r\n');
    });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    fake.addReplicationGroup({ ...group, id: 'refusing', port: freePort });
    fake.addReplicationGroup({ ...group, id: 'plaintext', port: (closed.address() as { port: number }).port });

    const refused = await runStep(elasticacheFlush, { replicationGroup: 'refusing' }, { env: withToken() });
    expect(refused.error?.exitCode).toBe(75);
    expect(refused.error?.message).toMatch(
      new RegExp(`^connect to 127.0.0.1:${freePort}: connection failed: .*ECONNREFUSED`),
    );

    const plaintext = await runStep(elasticacheFlush, { replicationGroup: 'plaintext' }, { env: withToken() });
    expect(plaintext.error?.exitCode).toBe(3);
    expect(plaintext.error?.message).toMatch(/^connect to 127\.0\.0\.1:\d+: connection failed: /);
  });
});

describe('aws elasticache-flush: a primary endpoint that still names a replica', () => {
  it('exits 75 (a failover under way) and sends no FLUSHALL; replies split across packets are read whole', async () => {
    const tls = selfSignedCertificate();
    const caFile = join(tls.dir, 'ca.pem');
    writeFileSync(caFile, tls.cert);
    const received: string[] = [];
    const info = '# Replication\r\nrole:slave\r\nmaster_host:10.0.0.7\r\n';
    const replica = createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => {
      socket.on('data', (data: Buffer) => {
        const command = data
          .toString()
          .split('\r\n')
          .filter((_, i) => i % 2 === 0 && i > 0)
          .join(' ');
        received.push(command);
        if (command.startsWith('AUTH')) socket.write('+OK\r\n');
        else {
          // The bulk reply in three writes, as TCP may deliver it.
          const reply = `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
          socket.write(reply.slice(0, 3));
          setTimeout(() => socket.write(reply.slice(3, 20)), 20);
          setTimeout(() => socket.write(reply.slice(20)), 40);
        }
      });
    });
    await new Promise<void>((resolve) => replica.listen(0, '127.0.0.1', resolve));
    try {
      const port = (replica.address() as { port: number }).port;
      fake.addReplicationGroup({ ...group, port });
      const run = await runStep(
        elasticacheFlush,
        { replicationGroup: 'sessions' },
        { env: { ...withToken(), REDIS_TLS_CA_FILE: caFile } },
      );
      expect(run.error?.exitCode).toBe(75);
      expect(run.error?.message).toBe(
        `127.0.0.1:${port} answers as slave, not as the primary: a failover may be under way`,
      );
      expect(received.map((command) => command.split(' ')[0])).toEqual(['AUTH', 'INFO']);
      expect(received[1]).toBe('INFO replication');
    } finally {
      await new Promise<void>((resolve) => replica.close(() => resolve()));
      rmSync(tls.dir, { recursive: true, force: true });
    }
  });
});

/**
 * FLUSHALL carried out, then the connection drops before its +OK: Redis keeps no record of a flush, so what the
 * step can do is read the keyspace again. A primary that speaks just enough RESP over TLS: AUTH, INFO, FLUSHALL.
 */
describe('aws elasticache-flush: flushed, answer lost, step run again', () => {
  it('exits 75; the run again finds the keyspace empty and sends no second FLUSHALL, or flushes what was written since', async () => {
    const tls = selfSignedCertificate();
    const caFile = join(tls.dir, 'ca.pem');
    writeFileSync(caFile, tls.cert);
    const received: string[] = [];
    let keys = 5;
    let loseFlushAnswer = true;
    const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
    const primary = createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => {
      socket.on('data', (data: Buffer) => {
        // One command a packet here: `*N\r\n$len\r\narg\r\n...`, the arguments at the even lines.
        const command = data
          .toString()
          .split('\r\n')
          .filter((_, i) => i % 2 === 0 && i > 0)
          .join(' ');
        received.push(command);
        if (command.startsWith('AUTH')) socket.write('+OK\r\n');
        else if (command === 'INFO replication') socket.write(bulk('# Replication\r\nrole:master\r\n'));
        else if (command === 'INFO keyspace') {
          socket.write(bulk(`# Keyspace\r\n${keys > 0 ? `db0:keys=${keys},expires=0,avg_ttl=0\r\n` : ''}`));
        } else if (command === 'FLUSHALL ASYNC') {
          keys = 0;
          if (loseFlushAnswer) {
            loseFlushAnswer = false;
            socket.destroy();
          } else socket.write('+OK\r\n');
        } else socket.write('-ERR unknown command\r\n');
      });
    });
    await new Promise<void>((resolve) => primary.listen(0, '127.0.0.1', resolve));
    try {
      fake.addReplicationGroup({ ...group, port: (primary.address() as { port: number }).port });
      const flush = () =>
        runStep(
          elasticacheFlush,
          { replicationGroup: 'sessions' },
          { env: { ...withToken(), REDIS_TLS_CA_FILE: caFile } },
        );
      const flushes = () => received.filter((command) => command.startsWith('FLUSHALL')).length;

      const first = await flush();
      expect(first.error?.exitCode).toBe(75);
      expect(keys).toBe(0);
      const again = await flush();
      expect(again.result?.outcome).toBe('unchanged');
      expect(flushes()).toBe(1);

      // What the application wrote between the two runs is flushed by a later run: at least once, not exactly once.
      keys = 2;
      const later = await flush();
      expect(later.result?.outcome).toBe('changed');
      expect(flushes()).toBe(2);
    } finally {
      await new Promise<void>((resolve) => primary.close(() => resolve()));
      rmSync(tls.dir, { recursive: true, force: true });
    }
  });
});
