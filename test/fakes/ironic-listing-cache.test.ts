import { collect } from '../../src/clients/http/index.js';
import { BaremetalClient, OpenStackCloud } from '../../src/clients/openstack/index.js';
import { type FakeIronic, startFakeIronic } from './ironic/server.js';
import { type FakeKeystone, startFakeKeystone } from './keystone/server.js';

// The resync bench's fake Ironic renders each listing page once (cacheListings): the pages must still say what a
// fresh rendering says after the fake's own writes and state changes, or the bench would measure a stale inventory.
let ironic: FakeIronic;
let keystone: FakeKeystone;
let client: BaremetalClient;

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

beforeAll(async () => {
  ironic = await startFakeIronic({ cacheListings: true, transitionMs: 300 });
  keystone = await startFakeKeystone({ baremetal: ironic.url });
  client = await BaremetalClient.connect(await OpenStackCloud.fromEnv({ env: keystone.env }));
  for (let i = 0; i < 5; i++) {
    ironic.nodes.set(uuid(i), { uuid: uuid(i), name: `node-${i}`, provision_state: 'manageable', extra: {} });
  }
});
afterAll(async () => {
  await Promise.all([ironic.close(), keystone.close()]);
});

const states = async () =>
  (await collect(client.nodes({ pageSize: 2, fields: ['provision_state', 'extra'] }))).map((n) => [
    n.name ?? n.uuid,
    n.provision_state,
    n.extra,
  ]);

describe('fake Ironic with cacheListings', () => {
  it('serves pages rendered once, and renders them again after its own writes and state changes', async () => {
    const before = await states();
    expect(before).toHaveLength(5);
    expect(await states()).toEqual(before);

    await client.setExtra(uuid(1), 'marker', 'x');
    await client.setProvisionState(uuid(3), 'provide');
    expect((await states()).slice(1, 4)).toEqual([
      [uuid(1), 'manageable', { marker: 'x' }],
      [uuid(2), 'manageable', {}],
      [uuid(3), 'cleaning', {}],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await states())[3]).toEqual([uuid(3), 'available', {}]);
  });
});
