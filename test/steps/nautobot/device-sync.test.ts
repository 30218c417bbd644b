import { runCli } from '../runtime/harness.js';
import { addNode, catalog, NEW_DEVICE_FLAGS, type SyncWorld, startSyncWorld } from './harness.js';

const N1 = '11111111-1111-4111-8111-111111111111';
let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
});
afterEach(() => world.close());

const writes = () => world.nautobot.requests.filter((r) => r.method !== 'GET');

describe('nautobot device-sync', () => {
  it('creates the device with the node UUID as id, mapped status and serial, and its interfaces', async () => {
    addNode(world.ironic, { uuid: N1, name: 'rack1-u07', provision_state: 'clean failed' }, [
      '52:54:00:aa:bb:01',
      '52:54:00:aa:bb:02',
    ]);
    const run = await world.run(['nautobot', 'device-sync', '--node', 'rack1-u07', ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: 'synced node rack1-u07 to Nautobot' });

    const [device] = world.nautobot.rows('dcim/devices');
    expect(device).toMatchObject({
      id: N1,
      name: 'rack1-u07',
      serial: 'SN-1111',
      status: world.nautobot.statusId('Failed'),
      role: 'by-server',
      device_type: 'by-PowerEdge R650',
      location: 'by-dc1',
      custom_fields: { ironic_provision_state: 'clean failed' },
    });
    expect(world.nautobot.rows('dcim/interfaces').map((i) => [i.name, i.mac_address, i.device])).toEqual([
      ['eth0', '52:54:00:AA:BB:01', N1],
      ['eth1', '52:54:00:AA:BB:02', N1],
    ]);
    // One bulk POST per object type, devices first.
    expect(writes().map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/dcim/devices/',
      'POST /api/dcim/interfaces/',
    ]);
    expect(world.ironic.requests.map((r) => r.headers['x-openstack-ironic-api-version'])).toContain('1.82');
  });

  it('writes only what changed, and nothing when Nautobot already matches', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' }, ['52:54:00:aa:bb:01']);
    expect((await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS])).code).toBe(0);
    world.nautobot.requests.length = 0;

    const again = await world.run(['nautobot', 'device-sync', '--node', N1]);
    expect(again.result()).toMatchObject({ outcome: 'unchanged', message: 'node n1: Nautobot already matches' });
    expect(writes()).toEqual([]);

    world.ironic.nodes.get(N1)!.provision_state = 'deploying';
    world.ironic.ports.values().next().value!.address = '52:54:00:aa:bb:99';
    const changed = await world.run(['nautobot', 'device-sync', '--node', N1]);
    expect(changed.code).toBe(0);
    expect(writes().map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      [
        'PATCH',
        '/api/dcim/devices/',
        [{ id: N1, status: world.nautobot.statusId('Staged'), custom_fields: { ironic_provision_state: 'deploying' } }],
      ],
      ['PATCH', '/api/dcim/interfaces/', [{ id: expect.any(String), mac_address: '52:54:00:AA:BB:99' }]],
    ]);
  });

  it('sets a deleted node’s device to Decommissioning instead of failing', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' });
    await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    world.ironic.nodes.delete(N1);

    const run = await world.run(['nautobot', 'device-sync', '--node', 'n1']);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: 'synced deleted node n1 to Nautobot' });
    expect(world.nautobot.rows('dcim/devices')[0]).toMatchObject({
      status: world.nautobot.statusId('Decommissioning'),
      custom_fields: { ironic_provision_state: 'deleted' },
    });
    const again = await world.run(['nautobot', 'device-sync', '--node', N1]);
    expect(again.result()).toMatchObject({ outcome: 'unchanged' });
  });

  it('leaves a hand-made device alone when a node of that name is unknown to Ironic', async () => {
    world.nautobot.seed('dcim/devices', {
      name: 'ghost',
      status: world.nautobot.statusId('Active'),
      role: 'r',
      device_type: 'd',
      location: 'l',
    });
    const run = await world.run(['nautobot', 'device-sync', '--node', 'ghost']);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'unchanged' });
    expect(writes()).toEqual([]);
  });

  it('dry-run reports the plan and writes nothing', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' }, ['52:54:00:aa:bb:01']);
    const run = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({
      outcome: 'dry-run',
      details: { devicesCreated: 1, interfacesCreated: 1, plan: { deviceCreates: [{ id: N1, name: 'n1' }] } },
    });
    expect(writes()).toEqual([]);
  });

  it('warns about a provision state it does not know and files the device as Offline', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1', provision_state: 'recycling' });
    const run = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        event: 'unknown-provision-state',
        state: 'recycling',
        status: 'Offline',
      }),
    );
    expect(world.nautobot.rows('dcim/devices')[0]!.status).toBe(world.nautobot.statusId('Offline'));
  });

  it('exits 3 naming the missing inputs when a new device cannot be placed', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' });
    const none = await world.run(['nautobot', 'device-sync', '--node', N1]);
    expect(none.code).toBe(3);
    expect(none.result().message).toBe(
      `sync node ${N1} to Nautobot: device ${N1} (n1) does not exist in Nautobot; creating it needs role, deviceType and location`,
    );
    // Some but not all of the three is invalid input, caught by the schema (so `opsflow run` refuses it too) before
    // any request, each missing one named.
    world.ironic.requests.length = 0;
    world.nautobot.requests.length = 0;
    const partial = await world.run(['nautobot', 'device-sync', '--node', N1, '--role', 'server']);
    expect(partial.code).toBe(2);
    const lines = String(partial.result().message).split('\n').slice(1);
    expect(lines).toEqual([
      expect.stringMatching(/^ {2}deviceType.*: required with role \(new devices need role, deviceType and location\)/),
      expect.stringMatching(/^ {2}location.*: required with role/),
    ]);
    expect([...world.ironic.requests, ...world.nautobot.requests]).toEqual([]);
  });

  it('exits 2 on a malformed node name, before any request', async () => {
    const run = await world.run(['nautobot', 'device-sync', '--node', 'bad name!']);
    expect(run.code).toBe(2);
    expect(run.result().message).toContain('node');
    expect(run.result().message).toContain('"bad name!"');
    expect(world.nautobot.requests).toEqual([]);
  });

  it('exits 3 with the field Nautobot refused', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1', properties: { serial: 'S'.repeat(300) } });
    const run = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(3);
    expect(run.result().message).toContain(`n1 (id ${N1}): serial: Ensure this field has no more than 255 characters.`);
  });

  it('re-authenticates once when Keystone revokes the token mid-run', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' }, ['52:54:00:aa:bb:01']);
    let revoked = false;
    // Keystone revokes every token as the ports request arrives, which then meets a real 401.
    world.ironic.faults.observe((r) => {
      if (r.url.startsWith('/v1/ports') && !revoked) {
        revoked = true;
        world.keystone.revoke();
      }
    });
    const run = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    expect(run.code).toBe(0);
    expect(world.keystone.issued()).toBe(2);
    expect(world.ironic.requests.filter((r) => r.url.startsWith('/v1/ports')).length).toBe(2);
  });

  it('retries Nautobot 503s and resets, then exits 75 when they persist', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' });
    world.nautobot.faults
      .add({ match: (r) => r.method === 'POST', reply: { status: 503, body: { detail: 'maintenance' } } })
      .add({ match: (r) => r.method === 'POST', reply: { reset: true } });
    const ok = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    expect(ok.code).toBe(0);
    expect(ok.logs.filter((l) => l.event === 'nautobot-retry')).toHaveLength(2);

    world.ironic.nodes.get(N1)!.provision_state = 'error';
    world.nautobot.faults.add({ match: (r) => r.method === 'PATCH', reply: { status: 502 }, times: 10 });
    const failed = await world.run(['nautobot', 'device-sync', '--node', N1]);
    expect(failed.code).toBe(75);
    expect(failed.result().message).toMatch(
      /PATCH http:\/\/127\.0\.0\.1:\d+\/api\/dcim\/devices\/ returned 502 after 5 attempts/,
    );
  }, 30_000);

  it('exits 3 when Nautobot refuses the token, without showing it', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' });
    const bad = await runCli(catalog, ['nautobot', 'device-sync', '--node', N1], {
      env: { ...world.env, NAUTOBOT_TOKEN: 'not-the-token-123' },
    });
    expect(bad.code).toBe(3);
    expect(bad.result().message).toContain('returned 403');
    expect(bad.stderr).not.toContain('not-the-token-123');
  });
});

describe('nautobot device-sync: a bulk create applied whose answer is lost', () => {
  it.each(['/api/dcim/devices/', '/api/dcim/interfaces/'])(
    'POST %s: the retry recognises its own earlier write and carries on',
    async (url) => {
      addNode(world.ironic, { uuid: N1, name: 'n1' }, ['52:54:00:aa:bb:01', '52:54:00:aa:bb:02']);
      world.nautobot.faults.add({
        applied: true,
        match: (r) => r.method === 'POST' && r.url === url,
        reply: { reset: true },
      });
      const run = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
      expect(run.result().message).toBe('synced node n1 to Nautobot');
      expect(run.code).toBe(0);
      expect(run.logs.find((l) => l.event === 'earlier-write-recognised')).toMatchObject({ method: 'POST' });
      expect(world.nautobot.rows('dcim/devices')).toHaveLength(1);
      expect(world.nautobot.rows('dcim/interfaces').map((i) => i.mac_address)).toEqual([
        '52:54:00:AA:BB:01',
        '52:54:00:AA:BB:02',
      ]);
    },
  );

  it('exit 75, step run again: what the first run created is not created again', async () => {
    addNode(world.ironic, { uuid: N1, name: 'n1' }, ['52:54:00:aa:bb:01']);
    world.nautobot.faults.add({
      match: (r) => r.method === 'POST' && r.url === '/api/dcim/interfaces/',
      reply: { status: 503 },
      times: 5, // every attempt of the first run
    });
    const first = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    expect(first.code).toBe(75);
    expect(world.nautobot.rows('dcim/devices')).toHaveLength(1);
    const before = writes().length;

    const second = await world.run(['nautobot', 'device-sync', '--node', N1, ...NEW_DEVICE_FLAGS]);
    expect(second.code).toBe(0);
    expect(
      writes()
        .slice(before)
        .map((r) => `${r.method} ${r.url}`),
    ).toEqual(['POST /api/dcim/interfaces/']);
    expect(world.nautobot.rows('dcim/interfaces')).toHaveLength(1);
  }, 30_000);
});
