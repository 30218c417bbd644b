import { mapLimit } from '../../src/clients/http/index.js';
import {
  BaremetalClient,
  type BaremetalNode,
  IdentityClient,
  provisionCheck,
  waitFor,
} from '../../src/clients/openstack/index.js';
import { steps } from '../../src/steps/nautobot/index.js';
import { catalogFromSteps } from '../../src/steps/runtime/manifest.js';
import { type FakeNautobot, isWrite, startFakeNautobot } from '../fakes/nautobot/server.js';
import { runCli } from '../steps/runtime/harness.js';
import { adminCloud, expectExit, unique } from './harness.js';
import { cloudEnv } from './peers.js';

/**
 * The Nautobot sync steps reading the real Ironic (fake-hardware) through the real Keystone, writing to the fake
 * Nautobot: the node and port fields they ask for exist, the provision states they map are Ironic's, and a node
 * deleted from Ironic is decommissioned.
 */
const catalog = catalogFromSteps(steps);
const NEW_DEVICE = ['--role', 'server', '--device-type', 'fake-hardware', '--location', 'lab'];
let ironic: BaremetalClient;
let nautobot: FakeNautobot;
const created: string[] = [];

const sync = (argv: readonly string[]) =>
  runCli(catalog, ['nautobot', ...argv], {
    env: { ...cloudEnv, NAUTOBOT_URL: nautobot.url, NAUTOBOT_TOKEN: nautobot.token },
  });

async function createNode(serial: string, macs: string[]): Promise<BaremetalNode> {
  const node = await ironic.createNode({ name: unique('sync'), driver: 'fake-hardware', properties: { serial } });
  created.push(node.uuid);
  const http = await ironic.cloud.serviceHttp('baremetal', {
    headers: { 'x-openstack-ironic-api-version': ironic.microversion },
  });
  for (const [i, address] of macs.entries()) {
    await http.post('v1/ports', { json: { node_uuid: node.uuid, address, extra: { interface_name: `eth${i}` } } });
  }
  return node;
}

const randomMac = () =>
  `52:54:00:${Array.from({ length: 3 }, () =>
    Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join(':')}`;

beforeAll(async () => {
  ironic = await BaremetalClient.connect(await adminCloud());
});
beforeEach(async () => {
  nautobot = await startFakeNautobot();
});
afterEach(() => nautobot.close());
afterAll(async () => {
  await mapLimit(created, 4, (uuid) => ironic.deleteNode(uuid).catch(() => undefined));
});

test('device-sync follows a real node through enroll, manageable and deletion', async () => {
  const macs = [randomMac(), randomMac()];
  const node = await createNode('SN-REAL-1', macs);

  const first = await sync(['device-sync', '--node', node.name!, ...NEW_DEVICE]);
  expectExit(first, 0);
  expect(nautobot.rows('dcim/devices')).toEqual([
    expect.objectContaining({
      id: node.uuid,
      name: node.name,
      serial: 'SN-REAL-1',
      status: nautobot.statusId('Planned'),
      custom_fields: { ironic_provision_state: 'enroll' },
    }),
  ]);
  expect(nautobot.rows('dcim/interfaces').map((i) => [i.name, i.mac_address])).toEqual([
    ['eth0', macs[0]!.toUpperCase()],
    ['eth1', macs[1]!.toUpperCase()],
  ]);

  await ironic.setProvisionState(node.uuid, 'manage');
  await waitFor({
    what: 'manageable',
    poll: () => ironic.node(node.uuid),
    check: provisionCheck('manageable', node),
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const managed = await sync(['device-sync', '--node', node.uuid]);
  expectExit(managed, 0);
  expect(nautobot.rows('dcim/devices')[0]).toMatchObject({
    status: nautobot.statusId('Staged'),
    custom_fields: { ironic_provision_state: 'manageable' },
  });

  await ironic.deleteNode(node.uuid);
  const gone = await sync(['device-sync', '--node', node.uuid]);
  expectExit(gone, 0);
  expect(nautobot.rows('dcim/devices')[0]).toMatchObject({
    status: nautobot.statusId('Decommissioning'),
    custom_fields: { ironic_provision_state: 'deleted' },
  });
}, 90_000);

test('resync lists every real node and port in bulk and writes nothing the second time for them', async () => {
  const nodes = await mapLimit([1, 2, 3], 3, (n) => createNode(`SN-BULK-${n}`, [randomMac()]));
  const first = await sync(['resync', '--page-size', '50', ...NEW_DEVICE]);
  expectExit(first, 0);
  for (const node of nodes) {
    expect(nautobot.rows('dcim/devices').find((d) => d.id === node.uuid)).toMatchObject({
      name: node.name,
      status: nautobot.statusId('Planned'),
    });
    expect(nautobot.rows('dcim/interfaces').filter((i) => i.device === node.uuid)).toHaveLength(1);
  }

  nautobot.requests.length = 0;
  const second = await sync(['resync', '--page-size', '50', ...NEW_DEVICE]);
  expectExit(second, 0);
  // Other tests share this Ironic and may change their own nodes meanwhile: only ours must stay untouched.
  const written = nautobot.requests.filter(isWrite).map((r) => r.body);
  for (const node of nodes) expect(written.join('\n')).not.toContain(node.uuid);
}, 90_000);

test('tenant-sync follows a real Keystone project: created, renamed, unchanged, kept when gone, then deleted', async () => {
  const identity = await IdentityClient.connect(await adminCloud());
  const keystone = await (await adminCloud()).serviceHttp('identity');
  const project = await identity.createProject({ name: unique('it-tenant'), domainId: 'default', description: 'v1' });
  // Keystone ids are 32 hex digits; the tenant takes them as a UUID.
  const tenantId = project.id.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

  const created = await sync(['tenant-sync', '--project-id', project.id]);
  expectExit(created, 0);
  expect(nautobot.rows('tenancy/tenants')).toEqual([
    expect.objectContaining({
      id: tenantId,
      name: project.name,
      description: 'v1',
      custom_fields: { keystone_project_id: project.id },
    }),
  ]);

  const renamed = `${project.name}-renamed`;
  await keystone.patch(`projects/${project.id}`, { json: { project: { name: renamed, description: 'v2' } } });
  expectExit(await sync(['tenant-sync', '--project-id', project.id]), 0);
  expect(nautobot.rows('tenancy/tenants')[0]).toMatchObject({ id: tenantId, name: renamed, description: 'v2' });
  const again = await sync(['tenant-sync', '--project-id', project.id]);
  expect(again.result()).toMatchObject({ outcome: 'unchanged' });

  // Keystone deletes only a disabled project.
  await keystone.patch(`projects/${project.id}`, { json: { project: { enabled: false } } });
  await keystone.delete(`projects/${project.id}`);
  const kept = await sync(['tenant-sync', '--project-id', project.id]);
  expectExit(kept, 0);
  expect(kept.logs.map((line) => line.event)).toContain('project-missing');
  expect(nautobot.rows('tenancy/tenants')).toHaveLength(1);
  const deleted = await sync(['tenant-sync', '--project-id', project.id, '--delete-if-missing']);
  expectExit(deleted, 0);
  expect(nautobot.rows('tenancy/tenants')).toEqual([]);
}, 60_000);
