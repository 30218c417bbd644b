import { collect, collectFromBothEnds } from '../../../src/clients/http/index.js';
import { BaremetalClient, OpenStackCloud } from '../../../src/clients/openstack/index.js';
import { type FakeIronic, startFakeIronic } from '../../fakes/ironic/server.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';

let ironic: FakeIronic;
let keystone: FakeKeystone;
let client: BaremetalClient;

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const PAGE = 10;

beforeAll(async () => {
  ironic = await startFakeIronic({ latencyMs: 5 });
  keystone = await startFakeKeystone({ baremetal: ironic.url });
  client = await BaremetalClient.connect(await OpenStackCloud.fromEnv({ env: keystone.env }));
});
afterAll(async () => {
  await Promise.all([ironic.close(), keystone.close()]);
});

async function seed(count: number): Promise<void> {
  // A request the previous test aborted may still be in the fake's latency wait: let it finish first, so it
  // neither lists the new nodes nor takes a fault meant for this test.
  await new Promise((resolve) => setTimeout(resolve, 50));
  ironic.nodes.clear();
  // Inserted out of uuid order: the listing's order is Ironic's (created_at), not the uuids'.
  for (let i = 0; i < count; i++) {
    const n = (i * 7) % count;
    ironic.nodes.set(uuid(n), { uuid: uuid(n), name: `node-${n}`, provision_state: 'active' });
  }
  ironic.requests.splice(0);
}

const bothEnds = () =>
  collectFromBothEnds(
    (sortDir, signal) => client.nodePages({ pageSize: PAGE, fields: ['name'], sortDir, signal }),
    (node) => node.uuid,
    PAGE,
  );

/** The longest run of requests each of which needed the previous one's last item as its marker. */
function longestMarkerChain(): number {
  const urls = ironic.requests.map((r) => new URL(r.url, 'http://x')).filter((u) => u.pathname === '/v1/nodes');
  const depth = new Map<string, number>();
  let longest = 0;
  for (const url of urls) {
    const marker = url.searchParams.get('marker');
    const d = marker ? (depth.get(`${url.searchParams.get('sort_dir')}:${marker}`) ?? 0) + 1 : 1;
    longest = Math.max(longest, d);
    const page = [...ironic.nodes.keys()];
    if (url.searchParams.get('sort_dir') === 'desc') page.reverse();
    const start = marker ? page.indexOf(marker) + 1 : 0;
    const last = page.slice(start, start + PAGE).at(-1);
    if (last) depth.set(`${url.searchParams.get('sort_dir')}:${last}`, d);
  }
  return longest;
}

describe('BaremetalClient.nodePages', () => {
  it("yields each page's nodes as one array, following next links", async () => {
    await seed(2 * PAGE + 3);
    const pages = [];
    for await (const page of client.nodePages({ pageSize: PAGE, fields: ['name'] })) pages.push(page.length);
    expect(pages).toEqual([PAGE, PAGE, 3]);
  });
});

describe('collectFromBothEnds on Ironic nodes', () => {
  it.each([0, 1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 2 * PAGE + 3, 7 * PAGE, 7 * PAGE + 5])(
    '%i nodes: every node once, in the listing order',
    async (count) => {
      await seed(count);
      const ascending = (await collect(client.nodes({ pageSize: PAGE, fields: ['name'] }))).map((n) => n.uuid);
      ironic.requests.splice(0);
      expect((await bothEnds()).map((n) => n.uuid)).toEqual(ascending);
    },
  );

  it('a listing of one page costs one request', async () => {
    await seed(PAGE - 1);
    await bothEnds();
    expect(ironic.requests.filter((r) => r.url.startsWith('/v1/nodes'))).toHaveLength(1);
  });

  it('halves the longest chain of dependent requests, with at most two requests more than one walk', async () => {
    await seed(20 * PAGE + 5); // one walk: 21 pages in a chain
    await bothEnds();
    const requests = ironic.requests.filter((r) => r.url.startsWith('/v1/nodes')).length;
    expect(longestMarkerChain()).toBeLessThanOrEqual(12);
    expect(requests).toBeLessThanOrEqual(21 + 2);
  });

  it('fails with the error of a failing page, after the other walk has stopped', async () => {
    await seed(6 * PAGE);
    ironic.faults.add({
      match: (r) => r.url.includes('sort_dir=desc'),
      reply: { status: 404, body: { error_message: 'gone' } },
    });
    await expect(bothEnds()).rejects.toThrow(/404/);
    const settled = ironic.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ironic.requests).toHaveLength(settled);
  });
});
