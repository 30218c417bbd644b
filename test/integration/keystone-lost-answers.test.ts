import { IdentityClient } from '../../src/clients/openstack/index.js';
import { FaultPlan } from '../fakes/faults.js';
import {
  type RecordedRequest,
  type Reply,
  type ScriptedServer,
  startScriptedServer,
} from '../fakes/scripted-server.js';
import { adminCloud, expectExit, openstackStep, unique } from './harness.js';
import { cloudEnv, KEYSTONE_URL } from './peers.js';

/**
 * project-create and role-assign against the real Keystone through a proxy on loopback that can carry a request out
 * and then lose its answer (FaultPlan `applied`). The step authenticates through the proxy, and the proxy writes
 * its own address into the token's catalog, so every identity call passes it; nothing in Keystone's catalog changes.
 */
const KEYSTONE_ORIGIN = new URL(KEYSTONE_URL).origin;
let proxy: ScriptedServer;
let faults: FaultPlan;
let keystone: IdentityClient;
let env: Record<string, string>;

async function forward(request: RecordedRequest): Promise<Reply> {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'x-auth-token', 'openstack-api-version']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const res = await fetch(`${KEYSTONE_ORIGIN}${request.url}`, {
    method: request.method,
    headers,
    body: request.body === '' ? undefined : request.body,
  });
  const text = (await res.text()).replaceAll(KEYSTONE_ORIGIN, proxy.url);
  const token = res.headers.get('x-subject-token');
  return {
    status: res.status,
    headers: {
      'content-type': res.headers.get('content-type') ?? 'application/json',
      ...(token ? { 'x-subject-token': token } : {}),
    },
    body: text,
  };
}

beforeAll(async () => {
  keystone = await IdentityClient.connect(await adminCloud());
  proxy = await startScriptedServer((request) => faults.serve(request, forward));
  env = { ...cloudEnv, OS_AUTH_URL: `${proxy.url}/v3` };
});
beforeEach(() => {
  faults = new FaultPlan();
  proxy.requests.length = 0;
});
afterAll(() => proxy.close());

/** The changes that passed the proxy, as `METHOD path` (no headers: they hold tokens). */
const writesTo = (pattern: RegExp) =>
  proxy.requests
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && pattern.test(r.url))
    .map((r) => `${r.method} ${r.url}`);

describe('project-create', () => {
  const isCreate = (r: RecordedRequest) => r.method === 'POST' && r.url === '/v3/projects';

  it('applied, answer lost, retried: the project Keystone created is found by its name, not created again', async () => {
    const name = unique('it-lost');
    faults.add({ applied: true, match: isCreate, reply: { reset: true } });
    const run = await openstackStep(['project-create', '--name', name], env);
    expectExit(run, 0);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect((await keystone.project(name, 'default')).name).toBe(name);
    expect(proxy.requests.filter(isCreate).length).toBe(1);
  });

  it('exit 75, step run again: the project and role the first run made are reused, nothing is made twice', async () => {
    const name = unique('it-lost');
    // The project is created; then every answer of the role assignment is lost.
    faults.add({
      applied: true,
      match: (r) => r.method === 'PUT' && r.url.includes('/roles/'),
      reply: { reset: true },
      times: 10,
    });
    const first = await openstackStep(['project-create', '--name', name, '--users', '["admin"]'], env);
    expectExit(first, 75);
    const created = await keystone.project(name, 'default');
    const assigned = writesTo(/\/roles\//).length;
    const again = await openstackStep(['project-create', '--name', name, '--users', '["admin"]'], env);
    expectExit(again, 0);
    expect(again.result()).toMatchObject({ outcome: 'unchanged' });
    expect((await keystone.project(name, 'default')).id).toBe(created.id);
    expect(proxy.requests.filter(isCreate).length).toBe(1);
    expect(writesTo(/\/roles\//).length).toBe(assigned);
  }, 60_000);
});

describe('role-assign', () => {
  const assign = (project: string) =>
    openstackStep(['role-assign', '--role', 'reader', '--user', 'admin', '--project', project], env);

  it('applied, answer lost, retried: the PUT is repeated (Keystone grants it again without error)', async () => {
    const project = unique('it-lost-roles');
    expectExit(await openstackStep(['project-create', '--name', project], env), 0);
    faults.add({ applied: true, match: (r) => r.method === 'PUT', reply: { reset: true } });
    const run = await assign(project);
    expectExit(run, 0);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(writesTo(/\/roles\//).length).toBe(2);
  });

  it('exit 75, step run again: the role the first run gave is found (HEAD), not given again', async () => {
    const project = unique('it-lost-roles');
    expectExit(await openstackStep(['project-create', '--name', project], env), 0);
    faults.add({ applied: true, match: (r) => r.method === 'PUT', reply: { reset: true }, times: 10 });
    expectExit(await assign(project), 75);
    const puts = writesTo(/\/roles\//).length;
    const again = await assign(project);
    expectExit(again, 0);
    expect(again.result()).toMatchObject({ outcome: 'unchanged' });
    expect(writesTo(/\/roles\//).length).toBe(puts);
  }, 60_000);
});
