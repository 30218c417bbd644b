import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWrite } from '../../fakes/nautobot/server.js';
import { runCli } from '../runtime/harness.js';
import { addNode, catalog, NEW_DEVICE_FLAGS, type SyncWorld, startSyncWorld } from './harness.js';

let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(() => world.close());

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const mac = (n: number, port: number) =>
  `52:54:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}:0${port}`;
const writes = () => world.nautobot.requests.filter(isWrite);
/** The GraphQL queries the step sent for a list (`devices`, `interfaces`): their text and variables. */
const queries = (list: string) =>
  world.nautobot.requests
    .filter((r) => r.method === 'POST' && r.url === '/api/graphql/')
    .map((r) => JSON.parse(r.body) as { query: string; variables: { limit: number; offset: number } })
    .filter((body) => new RegExp(`{ ${list}\\(`).test(body.query));

describe('nautobot resync', () => {
  it('refuses to decommission more than --max-decommission devices: exit 3, nothing written, the plan still output', async () => {
    for (let n = 0; n < 5; n++) addNode(world.ironic, { uuid: uuid(n), name: `n${n}` }, [mac(n, 1)]);
    expect((await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS])).code).toBe(0);
    // Ironic now lists one node (say, a credential that sees only its own project's): four devices look deleted.
    for (let n = 1; n < 5; n++) world.ironic.nodes.delete(uuid(n));
    world.nautobot.requests.length = 0;
    const refused = await world.run(['nautobot', 'resync', '--max-decommission', '3']);
    expect(refused.code).toBe(3);
    expect(refused.result().message).toMatch(
      /^4 devices would be decommissioned \(their nodes are not in Ironic's listing of 1\), more than maxDecommission 3; nothing was written/,
    );
    expect(writes()).toEqual([]);
    expect(JSON.parse(readFileSync(join(refused.outputDir, 'changes'), 'utf8'))).toMatchObject({
      devicesDecommissioned: 4,
    });
    const allowed = await world.run(['nautobot', 'resync', '--max-decommission', '4']);
    expect(allowed.result()).toMatchObject({ outcome: 'changed', details: { devicesDecommissioned: 4 } });
  });

  it('creates everything in bulk, then writes only the differences, never one request per unchanged node', async () => {
    for (let n = 0; n < 120; n++) addNode(world.ironic, { uuid: uuid(n), name: `n${n}` }, [mac(n, 1), mac(n, 2)]);
    const flags = ['--page-size', '50', '--bulk-size', '100', ...NEW_DEVICE_FLAGS];
    const first = await world.run(['nautobot', 'resync', ...flags]);
    expect(first.code).toBe(0);
    expect(first.result()).toMatchObject({
      outcome: 'changed',
      details: { devicesCreated: 120, interfacesCreated: 240 },
    });
    expect(writes().map((r) => [r.method, r.url, JSON.parse(r.body).length])).toEqual([
      ['POST', '/api/dcim/devices/', 100],
      ['POST', '/api/dcim/devices/', 20],
      ['POST', '/api/dcim/interfaces/', 100],
      ['POST', '/api/dcim/interfaces/', 100],
      ['POST', '/api/dcim/interfaces/', 40],
    ]);

    // A mix: one state change, one new node, one deleted node, one new port; the other 117 nodes are unchanged.
    world.nautobot.requests.length = 0;
    world.ironic.nodes.get(uuid(1))!.provision_state = 'clean failed';
    addNode(world.ironic, { uuid: uuid(500), name: 'n500' }, [mac(500, 1)]);
    world.ironic.nodes.delete(uuid(2));
    world.ironic.ports.set(uuid(9000), {
      uuid: uuid(9000),
      node_uuid: uuid(3),
      address: mac(3, 3),
      extra: { interface_name: 'eth9' },
    });
    const second = await world.run(['nautobot', 'resync', ...flags]);
    expect(second.result()).toMatchObject({
      outcome: 'changed',
      details: {
        devicesCreated: 1,
        devicesUpdated: 1,
        devicesDecommissioned: 1,
        devicesUnchanged: 117,
        interfacesCreated: 2,
      },
    });
    expect(
      writes()
        .map((r) => `${r.method} ${r.url} ${JSON.parse(r.body).length}`)
        .sort(),
    ).toEqual([
      'PATCH /api/dcim/devices/ 2',
      'POST /api/dcim/devices/ 1',
      'POST /api/dcim/interfaces/ 1',
      'POST /api/dcim/interfaces/ 1',
    ]);
    // The new device's interface is sent after the device; the existing device's new one goes with the first round.
    const posted = writes().map((r) => `${r.url} ${JSON.parse(r.body)[0].device ?? JSON.parse(r.body)[0].id}`);
    expect(posted.indexOf(`/api/dcim/interfaces/ ${uuid(500)}`)).toBeGreaterThan(
      posted.indexOf(`/api/dcim/devices/ ${uuid(500)}`),
    );
    expect(world.nautobot.rows('dcim/devices').find((d) => d.id === uuid(2))).toMatchObject({
      status: world.nautobot.statusId('Decommissioning'),
    });

    world.nautobot.requests.length = 0;
    const third = await world.run(['nautobot', 'resync', ...flags]);
    expect(third.result()).toMatchObject({ outcome: 'unchanged' });
    expect(writes()).toEqual([]);
  });

  it('lists both sides page by page with the page size asked for', async () => {
    for (let n = 0; n < 30; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    expect((await world.run(['nautobot', 'resync', '--page-size', '50', ...NEW_DEVICE_FLAGS])).code).toBe(0);
    const nodeGets = world.ironic.requests.filter((r) => r.url.startsWith('/v1/nodes'));
    expect(nodeGets.map((r) => r.url)).toEqual([
      '/v1/nodes?limit=50&fields=uuid%2Cname%2Cprovision_state%2Cproperties%2Cextra&sort_key=created_at&sort_dir=asc',
    ]);
    for (let n = 30; n < 120; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    world.ironic.requests.length = 0;
    world.nautobot.requests.length = 0;
    expect((await world.run(['nautobot', 'resync', '--page-size', '50', ...NEW_DEVICE_FLAGS])).code).toBe(0);
    // 120 nodes: three pages of 50, and perhaps one more the walk from one end had asked for when it met the other
    // (aborted then; a walk asks for its next page as soon as it has read one).
    const pages = world.ironic.requests.filter((r) => r.url.startsWith('/v1/nodes'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.length).toBeLessThanOrEqual(4);
    expect(pages.every((r) => r.url.includes('limit=50&'))).toBe(true);
    expect(queries('devices').map((q) => q.variables)).toEqual([{ limit: 50, offset: 0 }]); // 30 devices: one page
  });

  it('lists devices and interfaces through GraphQL, only the fields the plan reads, in parallel limit/offset pages', async () => {
    for (let n = 0; n < 120; n++) addNode(world.ironic, { uuid: uuid(n), name: `n${n}` }, [mac(n, 1)]);
    const flags = ['--page-size', '50', ...NEW_DEVICE_FLAGS];
    expect((await world.run(['nautobot', 'resync', ...flags])).code).toBe(0);
    world.nautobot.requests.length = 0;
    world.ironic.nodes.get(uuid(7))!.provision_state = 'clean failed';
    const run = await world.run(['nautobot', 'resync', ...flags]);
    expect(run.result()).toMatchObject({ details: { devicesUpdated: 1, devicesUnchanged: 119 } });
    const devices = queries('devices');
    expect(devices.map((q) => q.query)).toEqual(
      Array(3).fill(
        'query ($limit: Int, $offset: Int) { devices(limit: $limit, offset: $offset) { id name serial status { id } cf_ironic_provision_state } }',
      ),
    );
    expect(devices.map((q) => q.variables.offset).sort((a, b) => a - b)).toEqual([0, 50, 100]);
    expect(devices.every((q) => q.variables.limit === 50)).toBe(true);
    const interfaces = queries('interfaces');
    expect(interfaces[0]!.query).toBe(
      'query ($limit: Int, $offset: Int) { interfaces(limit: $limit, offset: $offset) { id name mac_address device { id } } }',
    );
    expect(interfaces.map((q) => q.variables.offset).sort((a, b) => a - b)).toEqual([0, 50, 100]);
    // REST only counts them (one object each), and lists the statuses.
    expect(world.nautobot.requests.filter((r) => r.method === 'GET').map((r) => r.url.replace(/\?.*/, ''))).toEqual(
      expect.arrayContaining(['/api/dcim/devices/', '/api/dcim/interfaces/', '/api/extras/statuses/']),
    );
    for (const path of ['/api/dcim/devices/', '/api/dcim/interfaces/']) {
      expect(
        world.nautobot.requests.filter((r) => r.method === 'GET' && r.url.startsWith(path)).map((r) => r.url),
      ).toEqual([`${path}?limit=1&exclude_m2m=true`]);
    }
  });

  it('exits 3 naming the query and the messages when Nautobot answers a GraphQL query with errors', async () => {
    addNode(world.ironic, { uuid: uuid(1) }, [mac(1, 1)]);
    // A resolver that failed: HTTP 200, `errors` and partial data (nautobot/core/api/views.py GraphQLDRFAPIView).
    world.nautobot.faults.add({
      match: (r) => r.url === '/api/graphql/' && r.body.includes('interfaces('),
      reply: {
        status: 200,
        body: { errors: [{ message: 'connection to the database lost' }], data: { interfaces: null } },
      },
    });
    const run = await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(3);
    expect(run.result().message).toBe(
      "Nautobot's GraphQL API refused query interfaces (limit 1000, offset 0): connection to the database lost",
    );
    expect(writes()).toEqual([]);
  });

  it('lists devices and interfaces without their many-to-many fields, statuses with their content types', async () => {
    addNode(world.ironic, { uuid: uuid(1) }, [mac(1, 1)]);
    expect((await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS])).code).toBe(0);
    const excluding = (path: string) =>
      world.nautobot.requests
        .filter((r) => r.method === 'GET' && r.url.startsWith(path))
        .map((r) => new URL(r.url, 'http://x').searchParams.get('exclude_m2m'));
    expect(excluding('/api/dcim/devices/')).toEqual(['true']);
    expect(excluding('/api/dcim/interfaces/')).toEqual(['true']);
    expect(excluding('/api/extras/statuses/')).toEqual([null]);
  });

  it("sends a new device's interfaces as soon as the device exists, without waiting for the other writes", async () => {
    const PATCH_HELD_MS = 3000;
    for (let n = 0; n < 3; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    expect((await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS])).code).toBe(0);
    world.ironic.nodes.get(uuid(1))!.provision_state = 'clean failed';
    addNode(world.ironic, { uuid: uuid(7) }, [mac(7, 1)]);
    world.nautobot.requests.length = 0;
    const arrived = new Map<string, number>();
    world.nautobot.faults
      .observe((r) => arrived.set(`${r.method} ${r.url}`, performance.now()))
      .slow((r) => r.method === 'PATCH', PATCH_HELD_MS);
    const run = await world.run(['nautobot', 'resync', '--concurrency', '4', ...NEW_DEVICE_FLAGS]);
    expect(run.result()).toMatchObject({ details: { devicesCreated: 1, devicesUpdated: 1, interfacesCreated: 1 } });
    const patched = arrived.get('PATCH /api/dcim/devices/')!;
    // The PATCH of the changed device is answered PATCH_HELD_MS after it arrives; the interface of the new one arrives
    // before that answer (a margin that a loaded machine's pauses do not reach, unlike the 300 ms it was).
    expect(arrived.get('POST /api/dcim/interfaces/')! - patched).toBeLessThan(PATCH_HELD_MS);
    expect(arrived.get('POST /api/dcim/interfaces/')!).toBeGreaterThan(arrived.get('POST /api/dcim/devices/')!);
  });

  it('dry-run writes the full plan as a file output, one write a line, and changes nothing', async () => {
    for (let n = 0; n < 3; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    const run = await world.run(['nautobot', 'resync', '--dry-run', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'dry-run', details: { devicesCreated: 3, interfacesCreated: 3 } });
    const lines = readFileSync(join(run.outputDir, 'plan'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { write: string; id: string });
    expect(lines.filter((l) => l.write === 'deviceCreates').map((l) => l.id)).toEqual([uuid(0), uuid(1), uuid(2)]);
    expect(lines.filter((l) => l.write === 'interfaceCreates')).toHaveLength(3);
    // The parameter keeps the counts only; the plan is a file output (an artifact), never a parameter.
    expect(JSON.parse(readFileSync(join(run.outputDir, 'changes'), 'utf8'))).toMatchObject({ devicesCreated: 3 });
    expect(writes()).toEqual([]);
  });

  it('never holds more requests in flight than --concurrency, over all servers', async () => {
    for (let n = 0; n < 200; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    for (const fake of [world.ironic, world.nautobot]) fake.faults.latencyMs = 5;
    // Counted where the step sends them: from the call until the body is read or the request fails (a walk's request
    // aborted where the two ends of a listing meet is no longer in flight, while its server may still be answering).
    let active = 0;
    let peak = 0;
    const fetched = globalThis.fetch;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      peak = Math.max(peak, ++active);
      let res: Response;
      try {
        res = await fetched(...args);
      } catch (error) {
        active--;
        throw error;
      }
      const text = res.text.bind(res);
      Object.defineProperty(res, 'text', { value: () => text().finally(() => active--), configurable: true });
      return res;
    }) as typeof fetch;
    try {
      const run = await world.run([
        'nautobot',
        'resync',
        '--concurrency',
        '2',
        '--page-size',
        '50',
        '--bulk-size',
        '50',
        ...NEW_DEVICE_FLAGS,
      ]);
      expect(run.code).toBe(0);
    } finally {
      globalThis.fetch = fetched;
    }
    expect(peak).toBe(2);
  });

  it('sends the device writes once every listing is in, while it still plans the interfaces', async () => {
    for (let n = 0; n < 50; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    const outputDir = mkdtempSync(join(tmpdir(), 'opsflow-resync-'));
    const arrivals: { write: boolean; planWritten: boolean }[] = [];
    for (const fake of [world.keystone, world.ironic, world.nautobot]) {
      fake.faults.observe((r) =>
        arrivals.push({
          // Keystone's token is a POST that writes nothing; the resync writes only to Nautobot.
          write: fake === world.nautobot && isWrite(r),
          planWritten: existsSync(join(outputDir, 'plan')),
        }),
      );
    }
    const run = await runCli(catalog, ['nautobot', 'resync', ...NEW_DEVICE_FLAGS], {
      env: { ...world.env, OPSFLOW_OUTPUT_DIR: outputDir },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(outputDir, 'result.json'), 'utf8'))).toMatchObject({
      outcome: 'changed',
      details: { devicesCreated: 50, interfacesCreated: 50 },
    });
    const firstWrite = arrivals.findIndex((a) => a.write);
    // Every read came before the first write: a listing that fails still writes nothing.
    expect(arrivals.slice(firstWrite).some((a) => !a.write)).toBe(false);
    // The device create left before the plan (written once the interfaces are planned) existed; the interface create
    // after it.
    expect(arrivals.filter((a) => a.write).map((a) => a.planWritten)).toEqual([false, true]);
  });

  it('exits 3 with the answer when Nautobot refuses a device write sent while it plans the interfaces', async () => {
    for (let n = 0; n < 20; n++) addNode(world.ironic, { uuid: uuid(n) }, [mac(n, 1)]);
    world.nautobot.faults.add({
      match: (r) => r.method === 'POST' && r.url === '/api/dcim/devices/',
      reply: { status: 400, body: [{ location: ['Related object not found using the provided attributes'] }] },
    });
    const run = await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(3);
    expect(run.result().message).toMatch(/^Nautobot refused POST dcim\/devices\/:.*location/s);
    // Its interfaces wait for the devices, so none is sent.
    expect(writes().map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/dcim/devices/']);
  });

  it('exits 3 naming the interface status Nautobot lacks, before writing even the devices', async () => {
    addNode(world.ironic, { uuid: uuid(1) }, [mac(1, 1)]);
    world.nautobot.rows('extras/statuses').find((s) => s.name === 'Active')!.content_types = ['dcim.device'];
    const run = await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(3);
    expect(run.result().message).toBe(
      'resync Ironic to Nautobot: Nautobot has no status "Active" for dcim.interface; create it or add dcim.interface to it',
    );
    expect(writes()).toEqual([]);
  });

  it('exits 3 naming a status Nautobot lacks, before writing', async () => {
    addNode(world.ironic, { uuid: uuid(1), provision_state: 'enroll' });
    world.nautobot.rows('extras/statuses').find((s) => s.name === 'Planned')!.content_types = ['dcim.cable'];
    const run = await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(3);
    expect(run.result().message).toBe(
      'resync Ironic to Nautobot: Nautobot has no status "Planned" for dcim.device; create it or add dcim.device to it',
    );
    expect(writes()).toEqual([]);
  });

  it('exits 75 when Ironic keeps failing, even once the plan is known to be impossible', async () => {
    // A new node and no --role/--device-type/--location: the device plan fails as soon as the nodes are listed, while
    // the port walk still retries. The listing's failure is the answer (exit 75, worth running again), as before.
    addNode(world.ironic, { uuid: uuid(1) }, [mac(1, 1)]);
    world.ironic.faults.add({ match: (r) => r.url.startsWith('/v1/ports'), reply: { status: 503 }, times: 10 });
    const run = await world.run(['nautobot', 'resync']);
    expect(run.code).toBe(75);
    expect(run.result().message).toMatch(/^list Ironic ports: /);
  }, 30_000);

  it('exits 75 when Ironic keeps failing', async () => {
    world.ironic.faults.add({ match: (r) => r.url.startsWith('/v1/ports'), reply: { status: 503 }, times: 10 });
    const run = await world.run(['nautobot', 'resync', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(75);
    expect(run.result().message).toMatch(/^list Ironic ports: GET http.*\/v1\/ports.* returned 503 after 5 attempts$/);
  }, 30_000);
});

describe('nautobot resync: a bulk create applied whose answer is lost', () => {
  const flags = ['--page-size', '50', '--bulk-size', '100', ...NEW_DEVICE_FLAGS];
  const isCreate = (url: string) => (r: { method: string; url: string }) => r.method === 'POST' && r.url === url;
  beforeEach(() => {
    for (let n = 0; n < 3; n++) addNode(world.ironic, { uuid: uuid(n), name: `n${n}` }, [mac(n, 1)]);
  });

  it.each(['/api/dcim/devices/', '/api/dcim/interfaces/'])(
    'POST %s: the retry recognises its own earlier write and carries on',
    async (url) => {
      world.nautobot.faults.add({ applied: true, match: isCreate(url), reply: { reset: true } });
      const run = await world.run(['nautobot', 'resync', ...flags]);
      expect(run.code).toBe(0);
      expect(run.result()).toMatchObject({ details: { devicesCreated: 3, interfacesCreated: 3 } });
      expect(world.nautobot.rows('dcim/devices')).toHaveLength(3);
      expect(world.nautobot.rows('dcim/interfaces')).toHaveLength(3);
    },
  );

  it('exit 75, step run again: what the first run created is not created again', async () => {
    world.nautobot.faults.add({
      match: isCreate('/api/dcim/interfaces/'),
      reply: { status: 503 },
      times: 5, // every attempt of the first run
    });
    const first = await world.run(['nautobot', 'resync', ...flags]);
    expect(first.code).toBe(75);
    expect(world.nautobot.rows('dcim/devices')).toHaveLength(3);
    world.nautobot.requests.length = 0;
    const again = await world.run(['nautobot', 'resync', ...flags]);
    expect(again.code).toBe(0);
    expect(writes().map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/dcim/interfaces/']);
    expect(world.nautobot.rows('dcim/devices')).toHaveLength(3);
    expect(world.nautobot.rows('dcim/interfaces')).toHaveLength(3);
  }, 30_000);
});
