import { BaremetalClient, OpenStackCloud } from '../../../src/clients/openstack/index.js';
import { steps } from '../../../src/steps/openstack/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';
import {
  type RecordedRequest,
  type Reply,
  type ScriptedServer,
  startScriptedServer,
} from '../../fakes/scripted-server.js';
import { runCli } from '../runtime/harness.js';

/**
 * Fault handling of the Ironic steps against loopback servers: a fake Keystone issuing tokens and an Ironic that
 * answers like the real one (discovery at `/`, 202 with an empty body for state changes, twice-encoded errors),
 * scripted per test to fail in the ways a real cloud does.
 */
const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';
const NODE = {
  uuid: UUID,
  name: 'n1',
  provision_state: 'available',
  target_provision_state: null,
  power_state: 'power off',
  target_power_state: null,
  maintenance: false,
  maintenance_reason: null,
  last_error: null,
};
const NODE_LOCKED: Reply = {
  status: 409,
  body: {
    error_message: JSON.stringify({
      faultcode: 'Client',
      faultstring: `Node ${UUID} is locked by host conductor-1, please retry after the current operation is completed.`,
      debuginfo: null,
    }),
  },
};

let keystone: FakeKeystone;
let ironic: ScriptedServer;
/** Replies queued for the next requests that match; anything else gets the normal answer. */
let script: { match: (request: RecordedRequest) => boolean; reply: Reply }[];
let maxVersion: string;

function normal(request: RecordedRequest): Reply {
  if (request.url === '/') {
    return {
      status: 200,
      body: { default_version: { id: 'v1', version: maxVersion, min_version: '1.1', status: 'CURRENT' } },
    };
  }
  if (!keystone.isValid(request.headers['x-auth-token'] as string | undefined)) {
    return {
      status: 401,
      body: {
        error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
      },
    };
  }
  if (request.method === 'GET' && /^\/v1\/nodes\/(n1|[0-9a-f-]{36})$/.test(request.url))
    return { status: 200, body: NODE };
  if (request.method === 'PUT' && request.url.startsWith(`/v1/nodes/${UUID}/`)) return { status: 202 };
  return {
    status: 404,
    body: { error_message: JSON.stringify({ faultcode: 'Client', faultstring: 'Not Found', debuginfo: null }) },
  };
}

beforeEach(async () => {
  script = [];
  maxVersion = '1.82';
  ironic = await startScriptedServer((request) => {
    const index = script.findIndex((entry) => entry.match(request));
    if (index >= 0) return script.splice(index, 1)[0]!.reply;
    return normal(request);
  });
  keystone = await startFakeKeystone({ baremetal: ironic.url });
});

afterEach(async () => {
  await ironic.close();
  await keystone.close();
});

const catalog = catalogFromSteps(steps);
const step = (argv: string[]) => runCli(catalog, ['openstack', ...argv], { env: keystone.env });
const isPut = (request: RecordedRequest) => request.method === 'PUT';
const isNodeGet = (request: RecordedRequest) => request.method === 'GET' && request.url.startsWith('/v1/nodes/');
const seen = () => ironic.requests.map((request) => `${request.method} ${request.url}`);

test('an expired token: the 401 triggers one re-authentication and the request is repeated', async () => {
  // Keystone forgets every token just before the state change, so Ironic's token check answers 401.
  let expired = false;
  script.push({
    match: (request) => {
      if (isPut(request) && !expired) {
        keystone.revoke();
        expired = true;
      }
      return false;
    },
    reply: { status: 500 },
  });
  const run = await step(['node-maintenance', '--node', 'n1', '--maintenance', 'on', '--reason', 'rack move']);
  expect(run.code).toBe(0);
  expect(keystone.issued()).toBe(2);
  expect(seen()).toEqual([
    'GET /',
    'GET /v1/nodes/n1',
    `PUT /v1/nodes/${UUID}/maintenance`,
    `PUT /v1/nodes/${UUID}/maintenance`,
    `GET /v1/nodes/${UUID}`,
  ]);
  const puts = ironic.requests.filter(isPut);
  expect(puts[1]!.headers['x-auth-token']).not.toBe(puts[0]!.headers['x-auth-token']);
  expect(JSON.parse(puts[1]!.body)).toEqual({ reason: 'rack move' });
});

test("a token revoked for good: one re-authentication, then exit 3 with Keystone's message", async () => {
  script.push(
    ...[1, 2].map(() => ({
      match: isPut,
      reply: {
        status: 401,
        body: {
          error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
        },
      } as Reply,
    })),
  );
  const run = await step(['node-maintenance', '--node', 'n1', '--maintenance', 'on']);
  expect(run.code).toBe(3);
  expect(keystone.issued()).toBe(2);
  expect(run.result().message).toBe(
    `set maintenance on node n1: PUT ${ironic.url}/v1/nodes/${UUID}/maintenance returned 401: The request you have made requires authentication.`,
  );
});

test('409 NodeLocked is retried (logged) until the conductor lets go', async () => {
  script.push({ match: isPut, reply: NODE_LOCKED }, { match: isPut, reply: NODE_LOCKED });
  const run = await step(['node-power', '--node', 'n1', '--power', 'on', '--no-wait']);
  expect(run.code).toBe(0);
  expect(ironic.requests.filter(isPut).map((request) => JSON.parse(request.body))).toEqual([
    { target: 'power on' },
    { target: 'power on' },
    { target: 'power on' },
  ]);
  expect(run.logs.filter((line) => line.event === 'node-locked-retry').map((line) => line.attempt)).toEqual([1, 2]);
}, 30_000);

test('a power change already under way (a retried timeout) is waited for, not asked again', async () => {
  const moving = { ...NODE, power_state: 'power off', target_power_state: 'power on' };
  script.push(
    { match: isNodeGet, reply: { status: 200, body: moving } },
    { match: isNodeGet, reply: { status: 200, body: moving } },
    { match: isNodeGet, reply: { status: 200, body: { ...NODE, power_state: 'power on' } } },
  );
  const dry = await step(['node-power', '--node', 'n1', '--power', 'on', '--dry-run']);
  expect(dry.result().message).toBe('would wait for node n1 to be "power on", already in progress');
  const run = await step(['node-power', '--node', 'n1', '--power', 'on', '--poll-interval-seconds', '0.1']);
  expect(run.code).toBe(0);
  expect(run.result()).toMatchObject({ outcome: 'changed', details: { powerState: 'power on' } });
  expect(run.logs.map((line) => line.event)).toEqual(expect.arrayContaining(['power-in-progress', 'wait-done']));
  expect(ironic.requests.filter(isPut)).toEqual([]);
});

test('a lock that outlasts the retries is transient: exit code 75 with the lock holder in the message', async () => {
  for (let i = 0; i < 3; i++) script.push({ match: isPut, reply: NODE_LOCKED });
  const cloud = await OpenStackCloud.fromEnv({ env: keystone.env });
  const client = await BaremetalClient.connect(cloud, { lockRetry: { retries: 2, minDelayMs: 5, maxDelayMs: 10 } });
  const error = (await client.setMaintenance(UUID, 'x').catch((e: unknown) => e)) as Error & { exitCode: number };
  expect(error.exitCode).toBe(75);
  expect(error.message).toBe(
    `PUT ${ironic.url}/v1/nodes/${UUID}/maintenance returned 409: Node ${UUID} is locked by host conductor-1, please retry after the current operation is completed. (still locked after 3 attempts)`,
  );
});

test('a NodeLocked backoff ends at once when the step is stopped', async () => {
  script.push({ match: isPut, reply: NODE_LOCKED });
  const stop = new AbortController();
  const cloud = await OpenStackCloud.fromEnv({ env: keystone.env });
  const client = await BaremetalClient.connect(cloud, {
    lockRetry: { retries: 3, minDelayMs: 60_000, maxDelayMs: 60_000 },
    signal: stop.signal,
  });
  const started = Date.now();
  setTimeout(() => stop.abort(new Error('stopped')), 50);
  await expect(client.setMaintenance(UUID, 'x')).rejects.toThrow('stopped');
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(ironic.requests.filter(isPut)).toHaveLength(1);
});

test('503 on a read is retried with backoff, logged, and the step succeeds', async () => {
  script.push({ match: isNodeGet, reply: { status: 503, headers: { 'retry-after': '0' }, body: 'busy' } });
  script.push({ match: isNodeGet, reply: { status: 503, body: 'busy' } });
  const run = await step(['node-maintenance', '--node', 'n1', '--maintenance', 'on']);
  expect(run.code).toBe(0);
  expect(run.logs.filter((line) => line.event === 'http-retry').map((line) => line.reason)).toEqual([
    'status 503',
    'status 503',
  ]);
}, 30_000);

test('connection resets on every attempt: retried, then exit 75 naming the request', async () => {
  for (let i = 0; i < 5; i++) script.push({ match: isNodeGet, reply: { reset: true } });
  const run = await step(['node-provision', '--node', 'n1', '--action', 'manage']);
  expect(run.code).toBe(75);
  expect(ironic.requests.filter(isNodeGet)).toHaveLength(5);
  expect(run.result().message).toMatch(
    new RegExp(`^read node n1: GET ${ironic.url}/v1/nodes/n1 failed after 5 attempts: `),
  );
}, 30_000);

test('a 500 on a state change is not repeated (it may have been applied) and exits 75', async () => {
  script.push({
    match: isPut,
    reply: {
      status: 500,
      body: {
        error_message: JSON.stringify({ faultcode: 'Server', faultstring: 'Database is locked', debuginfo: null }),
      },
    },
  });
  const run = await step(['node-provision', '--node', 'n1', '--action', 'manage']);
  expect(run.code).toBe(75);
  expect(ironic.requests.filter(isPut)).toHaveLength(1);
  expect(run.result().message).toBe(
    `manage node n1 ("available" → "manageable"): PUT ${ironic.url}/v1/nodes/${UUID}/states/provision returned 500: Database is locked`,
  );
});

test("the microversion: the newest both know on every request, the server's maximum when older, exit 3 when too old", async () => {
  const run = await step(['node-maintenance', '--node', 'n1', '--maintenance', 'on', '--dry-run']);
  expect(run.result()).toMatchObject({ outcome: 'dry-run', message: 'would set maintenance on node n1' });
  expect(
    ironic.requests
      .filter((request) => request.url !== '/')
      .map((request) => request.headers['x-openstack-ironic-api-version']),
  ).toEqual(['1.82']);
  expect(ironic.requests.filter(isPut)).toHaveLength(0);

  maxVersion = '1.60';
  const cloud = await OpenStackCloud.fromEnv({ env: keystone.env });
  expect((await BaremetalClient.connect(cloud)).microversion).toBe('1.60');

  maxVersion = '1.20';
  const old = await step(['node-maintenance', '--node', 'n1', '--maintenance', 'on']);
  expect(old.code).toBe(3);
  expect(old.result().message).toBe(
    `Ironic at ${ironic.url}/ supports microversions 1.1..1.20; opsflow needs at least 1.31`,
  );
});

test('node-provision --dry-run reads the node, says what it would ask, and changes nothing', async () => {
  const run = await step(['node-provision', '--node', 'n1', '--action', 'manage', '--dry-run']);
  expect(run.code).toBe(0);
  expect(run.result()).toMatchObject({
    outcome: 'dry-run',
    dryRun: true,
    message: 'would manage node n1 ("available" → "manageable")',
  });
  expect(seen()).toEqual(['GET /', 'GET /v1/nodes/n1']);
});
