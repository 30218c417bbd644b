import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpClient } from '../../src/clients/http/index.js';
import { IdentityClient } from '../../src/clients/openstack/index.js';
import { adminCloud, expectExit, openstackStep, unique } from './harness.js';

/** Real Keystone: project-contacts sees direct, group and e-mail-less users, and skips disabled ones. */
let identity: HttpClient;
let keystone: IdentityClient;
const created: string[] = [];

beforeAll(async () => {
  const cloud = await adminCloud();
  identity = await cloud.serviceHttp('identity');
  keystone = await IdentityClient.connect(cloud);
});
afterAll(async () => {
  for (const path of created.reverse()) await identity.delete(path, { expect: [404] });
});

async function make<T extends { id: string }>(kind: 'users' | 'groups' | 'projects', body: object): Promise<T> {
  const key = kind.slice(0, -1);
  const res = await identity.post<Record<string, T>>(kind, { json: { [key]: { domain_id: 'default', ...body } } });
  const made = res.data[key]!;
  created.push(`${kind}/${made.id}`);
  return made;
}

async function grant(project: string, actor: string, role: string): Promise<void> {
  await identity.put(`projects/${project}/${actor}/roles/${(await keystone.role(role)).id}`);
}

// Keystone's effective listing adds implied roles (member implies reader), so a member shows both.
test('project-contacts: users with a role, directly or through a group, and their e-mail addresses', async () => {
  const project = await make<{ id: string; name: string }>('projects', { name: unique('it-contacts') });
  const alice = await make<{ id: string; name: string }>('users', {
    name: unique('it-alice'),
    email: 'alice@example.org',
  });
  const bob = await make<{ id: string; name: string }>('users', { name: unique('it-bob'), email: 'bob@example.org' });
  const carol = await make<{ id: string; name: string }>('users', { name: unique('it-carol') });
  const dave = await make<{ id: string; name: string }>('users', {
    name: unique('it-dave'),
    email: 'dave@example.org',
    enabled: false,
  });
  const team = await make<{ id: string }>('groups', { name: unique('it-team') });
  await identity.put(`groups/${team.id}/users/${bob.id}`);
  await grant(project.id, `users/${alice.id}`, 'member');
  await grant(project.id, `users/${alice.id}`, 'reader');
  await grant(project.id, `groups/${team.id}`, 'member');
  await grant(project.id, `users/${carol.id}`, 'reader');
  await grant(project.id, `users/${dave.id}`, 'member');

  const run = await openstackStep(['project-contacts', '--projects', JSON.stringify([project.id, '0'.repeat(32)])]);

  expectExit(run, 0);
  const contacts = JSON.parse(readFileSync(join(run.outputDir, 'contacts'), 'utf8'));
  expect(contacts).toEqual([
    {
      projectId: project.id,
      projectName: project.name,
      users: [
        {
          userId: alice.id,
          name: alice.name,
          domain: 'Default',
          email: 'alice@example.org',
          roles: ['member', 'reader'],
        },
        { userId: bob.id, name: bob.name, domain: 'Default', email: 'bob@example.org', roles: ['member', 'reader'] },
        { userId: carol.id, name: carol.name, domain: 'Default', email: null, roles: ['reader'] },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    },
  ]);
  expect(JSON.parse(readFileSync(join(run.outputDir, 'emails'), 'utf8'))).toEqual([
    'alice@example.org',
    'bob@example.org',
  ]);
  expect(run.result()).toMatchObject({
    details: { projectsNotFound: ['0'.repeat(32)], usersWithoutEmail: [carol.name] },
  });

  const members = await openstackStep([
    'project-contacts',
    '--projects',
    JSON.stringify([project.id]),
    '--roles',
    '["member"]',
  ]);
  expectExit(members, 0);
  expect(JSON.parse(readFileSync(join(members.outputDir, 'emails'), 'utf8'))).toEqual([
    'alice@example.org',
    'bob@example.org',
  ]);
});
