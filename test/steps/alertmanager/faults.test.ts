import { randomUUID } from 'node:crypto';
import { steps } from '../../../src/steps/alertmanager/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import type { RecordedRequest, Reply, ScriptedServer } from '../../fakes/scripted-server.js';
import { startScriptedServer } from '../../fakes/scripted-server.js';
import { runCli } from '../runtime/harness.js';

/**
 * Faults the real Alertmanager cannot be made to produce: a scripted server keeping silences the way API v2 does
 * (POST /api/v2/silences answers {silenceID}, GET lists them) unless a test's fault answers first.
 */
const catalog = catalogFromSteps(steps);
let server: ScriptedServer;
let stored: Record<string, unknown>[];
let fault: (request: RecordedRequest, stored: boolean) => Reply | undefined;

beforeEach(async () => {
  stored = [];
  fault = () => undefined;
  server = await startScriptedServer((request) => {
    const path = request.url.split('?')[0];
    const before = fault(request, false);
    if (before) return before;
    if (request.method === 'POST' && path === '/api/v2/silences') {
      const id = randomUUID();
      stored.push({
        ...JSON.parse(request.body),
        id,
        status: { state: 'active' },
        updatedAt: new Date().toISOString(),
      });
      return fault(request, true) ?? { status: 200, body: { silenceID: id } };
    }
    if (request.method === 'GET' && path === '/api/v2/silences') return { status: 200, body: stored };
    const one = /^\/api\/v2\/silence\/([^/]+)$/.exec(path ?? '');
    const silence = one && stored.find((s) => s.id === one[1]);
    if (one && !silence) return { status: 404, body: `silence ${one[1]} not found` };
    if (silence && request.method === 'GET') return { status: 200, body: silence };
    if (silence && request.method === 'DELETE') {
      // Expiring an expired silence is accepted again (the step's client relies on it: silence/silence.go expire).
      silence.status = { state: 'expired' };
      return fault(request, true) ?? { status: 200 };
    }
    return { status: 404 };
  });
});
afterEach(() => server.close());

const createArgv = [
  'alertmanager',
  'silence-create',
  '--matchers',
  '["instance=cmp1"]',
  '--duration',
  '1h',
  '--comment',
  'maintenance',
];
/** The fake's DELETE /api/v2/silence/{id} (expire), GET of one silence and their faults. */
const env = () => ({ ALERTMANAGER_URL: server.url, ARGO_WORKFLOW_NAME: 'maintenance-x7k2p' });
const posts = () => server.requests.filter((r) => r.method === 'POST');

test('an answer lost after the create: the step finds its own silence instead of creating a second', async () => {
  fault = (request, done) => (request.method === 'POST' && done && posts().length === 1 ? { reset: true } : undefined);

  const run = await runCli(catalog, createArgv, { env: env() });

  expect(run.code).toBe(0);
  expect(posts()).toHaveLength(1);
  expect(stored).toHaveLength(1);
  expect(run.result()).toMatchObject({ outcome: 'changed', details: { silenceId: stored[0]?.id } });
  expect(run.logs.find((l) => l.event === 'accepted-despite-lost-answer')).toMatchObject({ silenceId: stored[0]?.id });
});

test('a 503 before anything was stored: the step looks, finds nothing, and posts again', async () => {
  fault = (request) => (request.method === 'POST' && posts().length === 1 ? { status: 503 } : undefined);

  const run = await runCli(catalog, createArgv, { env: env() });

  expect(run.code).toBe(0);
  expect(posts()).toHaveLength(2);
  expect(stored).toHaveLength(1);
  expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
  expect(run.logs.find((l) => l.event === 'create-retry')).toMatchObject({ attempt: 1 });
});

test('5xx on every POST: exit 75 after 3 posts, no silence', async () => {
  fault = (request) => (request.method === 'POST' ? { status: 500, body: 'silence storage unavailable' } : undefined);

  const run = await runCli(catalog, createArgv, { env: env() });

  expect(run.code).toBe(75);
  expect(posts()).toHaveLength(3);
  expect(stored).toEqual([]);
  expect(run.message).toMatch(
    /^create silence: POST http:\/\/127\.0\.0\.1:\d+\/api\/v2\/silences returned 500: silence storage unavailable\n$/,
  );
});

test('5xx on the search is retried by the HTTP core', async () => {
  fault = (request) => (request.method === 'GET' && server.requests.length <= 2 ? { status: 503 } : undefined);

  const run = await runCli(catalog, createArgv, { env: env() });

  expect(run.code).toBe(0);
  expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'POST']);
});

test('the bearer token goes to Alertmanager only: never to stdout, stderr or result.json', async () => {
  const token = 'am-token-9d8f7e6a5b4c';
  fault = () => ({ status: 403, body: { error: `token ${token} is not allowed` } });

  const run = await runCli(catalog, createArgv, { env: { ...env(), ALERTMANAGER_TOKEN: token } });

  expect(run.code).toBe(3);
  expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  for (const text of [run.stdout, run.stderr, JSON.stringify(run.result())]) expect(text).not.toContain(token);
});

test('without ALERTMANAGER_URL: exit 3 naming the variable', async () => {
  const run = await runCli(catalog, createArgv, { env: { ARGO_WORKFLOW_NAME: 'w' } });

  expect(run.code).toBe(3);
  expect(run.message).toBe('ALERTMANAGER_URL must be the http(s) address of Alertmanager, got undefined\n');
});

test('exit 75 after the create was stored (answer lost, the search down), step run again: the silence is reused', async () => {
  let lostSearches = 0;
  fault = (request, done) =>
    request.method === 'POST' && done
      ? { reset: true }
      : request.method === 'GET' && posts().length > 0 && stored.length > 0 && lostSearches++ < 10
        ? { status: 503 }
        : undefined;
  const first = await runCli(catalog, createArgv, { env: env() });
  expect(first.code).toBe(75);
  expect(stored).toHaveLength(1);

  fault = () => undefined;
  const again = await runCli(catalog, createArgv, { env: env() });
  expect(again.code).toBe(0);
  expect(again.result()).toMatchObject({ outcome: 'unchanged', details: { silenceId: stored[0]?.id } });
  expect(posts()).toHaveLength(1);
  expect(stored).toHaveLength(1);
});

describe('silence-expire', () => {
  const expireArgv = ['alertmanager', 'silence-expire', '--key', 'maintenance-x7k2p'];
  const deletes = () => server.requests.filter((r) => r.method === 'DELETE');
  beforeEach(async () => {
    expect((await runCli(catalog, createArgv, { env: env() })).code).toBe(0);
  });

  it('applied, answer lost, retried: the repeated DELETE expires it again without error', async () => {
    fault = (request, done) =>
      request.method === 'DELETE' && done && deletes().length === 1 ? { reset: true } : undefined;
    const run = await runCli(catalog, expireArgv, { env: env() });
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', details: { expired: [stored[0]?.id] } });
    expect(deletes()).toHaveLength(2);
    expect(stored[0]?.status).toEqual({ state: 'expired' });
  });

  it('exit 75, step run again: the silence it expired is not expired again', async () => {
    fault = (request, done) => (request.method === 'DELETE' ? (done ? { reset: true } : undefined) : undefined);
    const first = await runCli(catalog, expireArgv, { env: env() });
    expect(first.code).toBe(75);
    expect(stored[0]?.status).toEqual({ state: 'expired' });
    const written = deletes().length;
    fault = () => undefined;
    const again = await runCli(catalog, expireArgv, { env: env() });
    expect(again.code).toBe(0);
    expect(again.result()).toMatchObject({
      outcome: 'unchanged',
      message: 'no active or pending silence has key maintenance-x7k2p',
    });
    expect(deletes()).toHaveLength(written);
  }, 20_000);
});
