import type { HttpClient } from '../../src/clients/http/index.js';
import { IdentityClient } from '../../src/clients/openstack/index.js';
import { type ScriptedServer, startScriptedServer } from '../fakes/scripted-server.js';
import { adminCloud, expectExit, openstackStep, unique } from './harness.js';
import { cloudEnv } from './peers.js';

/** Real Keystone: project-create and role-assign through `opsflow-step openstack ...`. */
let keystone: IdentityClient;
let identity: HttpClient;
const users: { id: string; name: string }[] = [];
let group: { id: string; name: string };

beforeAll(async () => {
  const cloud = await adminCloud();
  keystone = await IdentityClient.connect(cloud);
  identity = await cloud.serviceHttp('identity');
  for (let i = 0; i < 3; i++) {
    const res = await identity.post<{ user: { id: string; name: string } }>('users', {
      json: { user: { name: unique('it-user'), domain_id: 'default', password: 'it-password' } },
    });
    users.push(res.data.user);
  }
  group = (
    await identity.post<{ group: { id: string; name: string } }>('groups', {
      json: { group: { name: unique('it-group'), domain_id: 'default' } },
    })
  ).data.group;
});

async function roleId(name: string): Promise<string> {
  return (await keystone.role(name)).id;
}

test('project-create: creates the project and its role assignments; a second run changes nothing', async () => {
  const name = unique('it-project');
  const [alice, bob] = users;
  const argv = [
    'project-create',
    '--name',
    name,
    '--description',
    'integration test',
    '--users',
    JSON.stringify([alice!.name, bob!.name]),
    '--groups',
    JSON.stringify([group.name]),
    '--roles',
    '["member","reader"]',
  ];
  const first = await openstackStep(argv);
  expectExit(first, 0);
  const project = await keystone.project(name, 'default');
  expect(project).toMatchObject({ description: 'integration test', enabled: true });
  expect(await keystone.project(project.id)).toEqual(project);
  await expect(keystone.project('0'.repeat(32))).rejects.toThrow(`Keystone project "${'0'.repeat(32)}" does not exist`);
  expect(first.result()).toMatchObject({ outcome: 'changed', details: { projectId: project.id } });
  expect((first.result().details as { changes: string[] }).changes).toEqual([
    `create project ${name} in domain Default`,
    `give user ${alice!.name} role member`,
    `give user ${alice!.name} role reader`,
    `give user ${bob!.name} role member`,
    `give user ${bob!.name} role reader`,
    `give group ${group.name} role member`,
    `give group ${group.name} role reader`,
  ]);
  for (const actor of [{ user: alice!.id }, { user: bob!.id }, { group: group.id }]) {
    for (const role of ['member', 'reader']) {
      expect(await keystone.hasRole({ roleId: await roleId(role), actor, target: { project: project.id } })).toBe(true);
    }
  }

  const again = await openstackStep(argv);
  expectExit(again, 0);
  expect(again.result()).toMatchObject({ outcome: 'unchanged', message: `project ${name} is as requested` });

  // A third user in dry-run: reported, not granted.
  const carol = users[2]!;
  const dry = await openstackStep([...argv.slice(0, 5), '--users', JSON.stringify([carol.name]), '--dry-run']);
  expect(dry.result()).toMatchObject({
    outcome: 'dry-run',
    message: `would give user ${carol.name} role member`,
  });
  expect(
    await keystone.hasRole({
      roleId: await roleId('member'),
      actor: { user: carol.id },
      target: { project: project.id },
    }),
  ).toBe(false);
});

test('project-create: an unknown user or a quota without Nova fails (exit 3) before the project exists', async () => {
  const name = unique('it-project');
  const typo = await openstackStep(['project-create', '--name', name, '--users', '["no-such-user"]']);
  expectExit(typo, 3);
  expect(typo.result().message).toContain('Keystone user "no-such-user" does not exist in domain default');

  const quota = await openstackStep(['project-create', '--name', name, '--quota', '{"instances":5}']);
  expectExit(quota, 3);
  expect(quota.result().message).toContain('the service catalog has no "compute" service');
  expect(await keystone.findProject(name, 'default')).toBeUndefined();
});

describe('project-create with a compute quota', () => {
  // Nova cannot run here: a fake os-quota-sets API on loopback, registered in the real Keystone under the
  // "admin" interface only (the other tests use "public"), and removed afterwards.
  let nova: ScriptedServer;
  let serviceId: string;
  const quotas = new Map<string, Record<string, number>>();

  beforeAll(async () => {
    nova = await startScriptedServer((request) => {
      const match = /^\/v2\.1\/os-quota-sets\/([0-9a-f]+)$/.exec(request.url);
      if (!match) return { status: 404, body: { itemNotFound: { code: 404, message: 'Not found' } } };
      const id = match[1]!;
      if (request.method === 'PUT') {
        quotas.set(id, { ...quotas.get(id), ...JSON.parse(request.body).quota_set });
      }
      return { status: 200, body: { quota_set: { id, instances: 10, cores: 20, ram: 51200, ...quotas.get(id) } } };
    });
    serviceId = (
      await identity.post<{ service: { id: string } }>('services', {
        json: { service: { type: 'compute', name: 'nova-it' } },
      })
    ).data.service.id;
    await identity.post('endpoints', {
      json: {
        endpoint: { service_id: serviceId, interface: 'admin', url: `${nova.url}/v2.1`, region_id: 'RegionOne' },
      },
    });
  });

  afterAll(async () => {
    await identity.delete(`services/${serviceId}`);
    await nova.close();
  });

  test('sets only the quota values that differ, and a second run sends no PUT', async () => {
    const name = unique('it-quota');
    const env = { ...cloudEnv, OS_INTERFACE: 'admin' };
    const argv = ['project-create', '--name', name, '--quota', '{"instances":4,"cores":20,"ramMb":8192}'];

    const first = await openstackStep(argv, env);
    expectExit(first, 0);
    const project = await keystone.project(name, 'default');
    const puts = () => nova.requests.filter((request) => request.method === 'PUT');
    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.url).toBe(`/v2.1/os-quota-sets/${project.id}`);
    expect(JSON.parse(puts()[0]!.body)).toEqual({ quota_set: { instances: 4, cores: 20, ram: 8192 } });
    expect(puts()[0]!.headers['x-auth-token']).toMatch(/^gAAAAA/);

    const again = await openstackStep(argv, env);
    expect(again.result()).toMatchObject({ outcome: 'unchanged' });
    expect(puts()).toHaveLength(1);

    const more = await openstackStep(['project-create', '--name', name, '--quota', '{"cores":32}'], env);
    expect(more.result()).toMatchObject({
      outcome: 'changed',
      message: `project ${name}: set compute quota {"cores":32}`,
    });
    expect(JSON.parse(puts()[1]!.body)).toEqual({ quota_set: { cores: 32 } });
  });
});

test('role-assign: user on a project, group on a domain; idempotent; dry-run; unknown role; bad input', async () => {
  const project = unique('it-roles');
  expectExit(await openstackStep(['project-create', '--name', project]), 0);
  const projectId = (await keystone.project(project, 'default')).id;
  const dave = users[2]!;

  const dry = await openstackStep([
    'role-assign',
    '--role',
    'reader',
    '--user',
    dave.name,
    '--project',
    project,
    '--dry-run',
  ]);
  expect(dry.result()).toMatchObject({
    outcome: 'dry-run',
    message: `would give user ${dave.name} role reader on project ${project}`,
  });
  const readerOnProject = { roleId: await roleId('reader'), actor: { user: dave.id }, target: { project: projectId } };
  expect(await keystone.hasRole(readerOnProject)).toBe(false);

  const assign = await openstackStep(['role-assign', '--role', 'reader', '--user', dave.name, '--project', project]);
  expectExit(assign, 0);
  expect(assign.result()).toMatchObject({ outcome: 'changed', details: { user: dave.id, project: projectId } });
  expect(await keystone.hasRole(readerOnProject)).toBe(true);
  const again = await openstackStep(['role-assign', '--role', 'reader', '--user', dave.name, '--project', project]);
  expect(again.result()).toMatchObject({ outcome: 'unchanged' });

  const onDomain = await openstackStep([
    'role-assign',
    '--role',
    'member',
    '--group',
    group.name,
    '--domain',
    'Default',
  ]);
  expectExit(onDomain, 0);
  expect(
    await keystone.hasRole({
      roleId: await roleId('member'),
      actor: { group: group.id },
      target: { domain: 'default' },
    }),
  ).toBe(true);

  const unknown = await openstackStep([
    'role-assign',
    '--role',
    'no-such-role',
    '--user',
    dave.name,
    '--project',
    project,
  ]);
  expectExit(unknown, 3);
  expect(unknown.result().message).toContain('Keystone role "no-such-role" does not exist');

  const both = await openstackStep([
    'role-assign',
    '--role',
    'reader',
    '--user',
    dave.name,
    '--group',
    group.name,
    '--project',
    project,
  ]);
  expectExit(both, 2);
  expect(both.stderr).toContain('give exactly one of user or group');
});
