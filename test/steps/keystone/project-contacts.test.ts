import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { steps } from '../../../src/steps/openstack/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';
import { runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);
let keystone: FakeKeystone;

beforeEach(async () => {
  keystone = await startFakeKeystone({});
  const project = (id: string, name: string) =>
    keystone.projects.set(id, { id, name, description: '', domain_id: 'default', enabled: true });
  project('p-shop', 'shop');
  project('p-data', 'data');
  const user = (id: string, name: string, email?: string, enabled = true) =>
    keystone.users.set(id, { id, name, domain_id: 'default', enabled, ...(email ? { email } : {}) });
  user('u-alice', 'alice', 'alice@example.org');
  user('u-bob', 'bob', 'bob@example.org');
  user('u-carol', 'carol');
  user('u-dave', 'dave', 'dave@example.org', false);
  keystone.assignments.push(
    { userId: 'u-alice', projectId: 'p-shop', role: 'member' },
    { userId: 'u-alice', projectId: 'p-shop', role: 'admin' },
    { userId: 'u-bob', projectId: 'p-shop', role: 'reader' },
    { userId: 'u-carol', projectId: 'p-shop', role: 'member' },
    { userId: 'u-dave', projectId: 'p-shop', role: 'member' },
    { userId: 'u-alice', projectId: 'p-data', role: 'member' },
  );
});
afterEach(() => keystone.close());

const contacts = (argv: readonly string[]) =>
  runCli(catalog, ['openstack', 'project-contacts', ...argv], { env: keystone.env });
const output = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('openstack project-contacts (fake Keystone)', () => {
  it('lists the enabled users with a role on each project and their e-mail addresses', async () => {
    const run = await contacts(['--projects', '["p-shop","p-data","p-shop"]']);
    expect(run.code).toBe(0);
    expect(output(run.outputDir, 'contacts')).toEqual([
      {
        projectId: 'p-shop',
        projectName: 'shop',
        users: [
          {
            userId: 'u-alice',
            name: 'alice',
            domain: 'Default',
            email: 'alice@example.org',
            roles: ['admin', 'member'],
          },
          { userId: 'u-bob', name: 'bob', domain: 'Default', email: 'bob@example.org', roles: ['reader'] },
          { userId: 'u-carol', name: 'carol', domain: 'Default', email: null, roles: ['member'] },
        ],
      },
      {
        projectId: 'p-data',
        projectName: 'data',
        users: [{ userId: 'u-alice', name: 'alice', domain: 'Default', email: 'alice@example.org', roles: ['member'] }],
      },
    ]);
    expect(output(run.outputDir, 'emails')).toEqual(['alice@example.org', 'bob@example.org']);
    expect(run.result()).toMatchObject({
      outcome: 'unchanged',
      message: '2 e-mail addresses for 2 of 2 projects',
      details: { projectsNotFound: [], usersWithoutEmail: ['carol'] },
    });
    const assignmentQueries = keystone.requests.filter((r) => r.url.startsWith('/v3/role_assignments'));
    expect(assignmentQueries.map((r) => r.url)).toEqual([
      '/v3/role_assignments?scope.project.id=p-shop&effective=true&include_names=true',
      '/v3/role_assignments?scope.project.id=p-data&effective=true&include_names=true',
    ]);
    // Each user is read once, even when it has roles on several projects.
    expect(keystone.requests.filter((r) => r.url === '/v3/users/u-alice')).toHaveLength(1);
  });

  it('keeps only the users with one of --roles', async () => {
    const run = await contacts(['--projects', '["p-shop"]', '--roles', '["admin","reader"]']);
    expect(output(run.outputDir, 'emails')).toEqual(['alice@example.org', 'bob@example.org']);
    const [shop] = output(run.outputDir, 'contacts') as { users: { name: string; roles: string[] }[] }[];
    expect(shop!.users.map((u) => [u.name, u.roles])).toEqual([
      ['alice', ['admin']],
      ['bob', ['reader']],
    ]);
  });

  it('reports a project that no longer exists and a user deleted since, without failing', async () => {
    keystone.users.delete('u-bob');
    const run = await contacts(['--projects', '["p-shop","p-gone"]']);
    expect(run.code).toBe(0);
    expect(output(run.outputDir, 'emails')).toEqual(['alice@example.org']);
    expect(run.result()).toMatchObject({
      message: '1 e-mail addresses for 1 of 2 projects',
      details: { projectsNotFound: ['p-gone'] },
    });
    expect(run.logs.filter((l) => l.event === 'project-not-found')).toEqual([
      expect.objectContaining({ level: 'warn', projectId: 'p-gone' }),
    ]);
  });

  it('exits 2 for an empty list or a malformed id, naming the field', async () => {
    const empty = await contacts(['--projects', '[]']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('projects');
    const bad = await contacts(['--projects', '["p shop"]']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a Keystone project id');
  });

  it('exits 75 when Keystone keeps answering 503 on the assignments', async () => {
    keystone.faults.add({
      match: (r) => r.url.startsWith('/v3/role_assignments'),
      reply: { status: 503, body: { error: { code: 503, message: 'Service Unavailable' } } },
      times: 50,
    });
    const run = await contacts(['--projects', '["p-shop"]']);
    expect(run.code).toBe(75);
    expect(run.result().message).toMatch(/^list the role assignments of project p-shop: .*503.*after 5 attempts/);
  }, 30_000);

  it('exits 3 with Keystone`s message when the credentials may not read users (403)', async () => {
    const denied = 'You are not authorized to perform the requested action: identity:get_user.';
    keystone.faults.add({
      match: (r) => r.url.startsWith('/v3/users/'),
      reply: { status: 403, body: { error: { code: 403, message: denied, title: 'Forbidden' } } },
    });
    const run = await contacts(['--projects', '["p-data"]']);
    expect(run.code).toBe(3);
    expect(run.result().message).toContain(`read user u-alice: `);
    expect(run.result().message).toContain(denied);
  });
});
