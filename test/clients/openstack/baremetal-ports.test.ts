import { BaremetalClient, OpenStackCloud } from '../../../src/clients/openstack/index.js';
import { type FakeIronic, startFakeIronic } from '../../fakes/ironic/server.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';

let ironic: FakeIronic;
let keystone: FakeKeystone;
let client: BaremetalClient;

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

beforeAll(async () => {
  ironic = await startFakeIronic();
  keystone = await startFakeKeystone({ baremetal: ironic.url });
  for (const n of [1, 2]) ironic.nodes.set(uuid(n), { uuid: uuid(n), name: `node-${n}`, provision_state: 'available' });
  for (let i = 1; i <= 5; i++) {
    const node = uuid(i <= 3 ? 1 : 2);
    ironic.ports.set(uuid(100 + i), { uuid: uuid(100 + i), address: `52:54:00:00:00:0${i}`, node_uuid: node });
  }
  client = await BaremetalClient.connect(await OpenStackCloud.fromEnv({ env: keystone.env }));
});
afterAll(async () => {
  await Promise.all([ironic.close(), keystone.close()]);
});
beforeEach(() => ironic.requests.splice(0));

const portRequests = () => ironic.requests.map((r) => r.url).filter((url) => url.startsWith('/v1/ports'));

test('ports: /v1/ports/detail page by page, following next links', async () => {
  const ports = [];
  for await (const port of client.ports({ pageSize: 2 })) ports.push(port);
  expect(ports.map((p) => p.uuid)).toEqual([1, 2, 3, 4, 5].map((i) => uuid(100 + i)));
  expect(ports[0]).toMatchObject({ address: '52:54:00:00:00:01', node_uuid: uuid(1), pxe_enabled: null });
  expect(portRequests()).toEqual([
    '/v1/ports/detail?limit=2',
    `/v1/ports/detail?limit=2&marker=${uuid(102)}`,
    `/v1/ports/detail?limit=2&marker=${uuid(104)}`,
  ]);
});

test("ports: a node's ports, by name, with only the fields asked for (and uuid)", async () => {
  const ports = [];
  for await (const port of client.ports({ node: 'node-2', fields: ['address'] })) ports.push(port);
  expect(ports).toEqual([
    { uuid: uuid(104), address: '52:54:00:00:00:04' },
    { uuid: uuid(105), address: '52:54:00:00:00:05' },
  ]);
  expect(portRequests()).toEqual(['/v1/ports?limit=100&fields=uuid%2Caddress&node=node-2']);
});

test('nodes: /v1/nodes/detail without fields (the summary listing lacks most fields), /v1/nodes with them', async () => {
  const nodes = [];
  for await (const node of client.nodes({ pageSize: 1 })) nodes.push(node);
  expect(nodes.map((n) => n.uuid)).toEqual([uuid(1), uuid(2)]);
  expect(nodes[0]).toMatchObject({ name: 'node-1', provision_state: 'available' });
  const named = [];
  for await (const node of client.nodes({ fields: ['name'] })) named.push(node);
  expect(named).toEqual([
    { uuid: uuid(1), name: 'node-1' },
    { uuid: uuid(2), name: 'node-2' },
  ]);
  const nodeRequests = ironic.requests.map((r) => r.url).filter((url) => url.startsWith('/v1/nodes'));
  expect(nodeRequests[0]).toMatch(/^\/v1\/nodes\/detail\?limit=1&/);
  expect(nodeRequests.at(-1)).toMatch(/^\/v1\/nodes\?limit=100&fields=uuid%2Cname&/);
});
