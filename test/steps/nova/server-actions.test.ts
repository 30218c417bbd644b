import { type NovaWorld, novaWrites, startNovaWorld } from './harness.js';

let world: NovaWorld;
afterEach(() => world.close());
const fast = ['--poll-interval-seconds', '0.1'];

describe('openstack server-reboot', () => {
  beforeEach(async () => {
    world = await startNovaWorld();
  });

  it('sends the reboot action with the negotiated microversion and waits for ACTIVE', async () => {
    world.nova.addHost('cmp1');
    const vm = world.nova.addServer({ host: 'cmp1', name: 'web1' });
    const run = await world.run(['openstack', 'server-reboot', '--server', vm.id, '--type', 'HARD', ...fast]);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', message: `HARD rebooted server web1 (${vm.id})` });
    expect(novaWrites(world.nova)).toEqual([
      {
        method: 'POST',
        url: `/v2.1/servers/${vm.id}/action`,
        body: { reboot: { type: 'HARD' } },
        version: 'compute 2.93',
      },
    ]);
    expect(run.logs.map((l) => l.event)).toContain('wait-done');
    expect(vm.status).toBe('ACTIVE');
  });

  it('refuses a soft reboot of a stopped server with exit 3, and dry-run changes nothing', async () => {
    const off = world.nova.addServer({ host: 'cmp1', status: 'SHUTOFF' });
    const refused = await world.run(['openstack', 'server-reboot', '--server', off.id]);
    expect(refused.code).toBe(3);
    expect(refused.result().message).toBe(`server ${off.name} (${off.id}) is SHUTOFF; a SOFT reboot needs ACTIVE`);

    const on = world.nova.addServer({ host: 'cmp1' });
    const dry = await world.run(['openstack', 'server-reboot', '--server', on.id, '--dry-run']);
    expect(dry.result()).toMatchObject({ outcome: 'dry-run' });
    expect(novaWrites(world.nova)).toEqual([]);
  });

  it('run again while the reboot it started is under way (a retried timeout): waits for it, sends nothing', async () => {
    const vm = world.nova.addServer({ host: 'cmp1', status: 'HARD_REBOOT', task_state: 'reboot_started_hard' });
    const dry = await world.run(['openstack', 'server-reboot', '--server', vm.id, '--dry-run']);
    expect(dry.result()).toMatchObject({ outcome: 'dry-run', message: expect.stringContaining('already under way') });
    setTimeout(() => Object.assign(vm, { status: 'ACTIVE', task_state: null }), 300);
    const run = await world.run(['openstack', 'server-reboot', '--server', vm.id, ...fast]);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(run.logs.map((l) => l.event)).toEqual(expect.arrayContaining(['reboot-in-progress', 'wait-done']));
    expect(novaWrites(world.nova)).toEqual([]);
    expect(vm.status).toBe('ACTIVE');
  });

  it('exits 3 for an unknown server and 2 for a malformed id', async () => {
    const missing = await world.run(['openstack', 'server-reboot', '--server', '6f1c1c4e-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(3);
    expect(missing.result().message).toContain('Instance 6f1c1c4e-0000-4000-8000-000000000000 could not be found.');
    const malformed = await world.run(['openstack', 'server-reboot', '--server', 'web1']);
    expect(malformed.code).toBe(2);
    expect(malformed.result().message).toContain('must be a Nova server UUID');
  });

  it('exits 3 with Nova’s message on a 409 (a task is running)', async () => {
    const vm = world.nova.addServer({ host: 'cmp1', task_state: 'image_snapshot' });
    const run = await world.run(['openstack', 'server-reboot', '--server', vm.id]);
    expect(run.code).toBe(3);
    expect(run.result().message).toContain(
      `Cannot 'reboot' instance ${vm.id} while it is in task_state image_snapshot`,
    );
  });

  it('re-authenticates once on a 401 and goes on', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    let revoked = false;
    // Keystone revokes every token as the first action arrives, which then meets a real 401.
    world.nova.faults.observe((r) => {
      if (r.method === 'POST' && !revoked) {
        revoked = true;
        world.keystone.revoke();
      }
    });
    const run = await world.run(['openstack', 'server-reboot', '--server', vm.id, ...fast]);
    expect(run.code).toBe(0);
    expect(world.keystone.issued()).toBe(2);
  });

  it('retries 503s and resets on reads, then exits 75 when Nova stays down', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    world.nova.faults
      .add({ match: (r) => r.method === 'GET', reply: { status: 503 } })
      .add({ match: (r) => r.method === 'GET', reply: { reset: true } });
    const ok = await world.run(['openstack', 'server-reboot', '--server', vm.id, ...fast]);
    expect(ok.code).toBe(0);
    world.nova.faults.add({ match: (r) => r.url.includes('/servers/'), reply: { status: 503 }, times: 50 });
    const down = await world.run(['openstack', 'server-reboot', '--server', vm.id]);
    expect(down.code).toBe(75);
    expect(down.result().message).toMatch(/^read server .*returned 503 after 5 attempts/);
  }, 30_000);
});

describe('openstack server-migrate', () => {
  beforeEach(async () => {
    world = await startNovaWorld();
    world.nova.addHost('cmp1');
    world.nova.addHost('cmp2');
  });

  it('live-migrates with block_migration auto and waits until the server runs elsewhere', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    const run = await world.run(['openstack', 'server-migrate', '--server', vm.id, ...fast]);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed', details: { from: 'cmp1', to: 'cmp2', status: 'ACTIVE' } });
    expect(novaWrites(world.nova).map((w) => w.body)).toEqual([
      { 'os-migrateLive': { host: null, block_migration: 'auto' } },
    ]);
  });

  it('negotiates down to an older Nova and sends block_migration as asked', async () => {
    await world.close();
    world = await startNovaWorld({ maxVersion: '2.53' });
    world.nova.addHost('cmp1');
    world.nova.addHost('cmp2');
    const vm = world.nova.addServer({ host: 'cmp1' });
    const run = await world.run([
      'openstack',
      'server-migrate',
      '--server',
      vm.id,
      '--block-migration',
      'true',
      ...fast,
    ]);
    expect(run.code).toBe(0);
    expect(novaWrites(world.nova)[0]).toMatchObject({
      body: { 'os-migrateLive': { host: null, block_migration: true } },
      version: 'compute 2.53',
    });
  });

  it('cold-migrates a stopped server, confirms the resize, and leaves it SHUTOFF on the new host', async () => {
    const vm = world.nova.addServer({ host: 'cmp1', status: 'SHUTOFF' });
    const run = await world.run(['openstack', 'server-migrate', '--server', vm.id, '--mode', 'cold', ...fast]);
    expect(run.code).toBe(0);
    expect(novaWrites(world.nova).map((w) => w.body)).toEqual([{ migrate: null }, { confirmResize: null }]);
    expect(vm).toMatchObject({ host: 'cmp2', status: 'SHUTOFF' });
    expect(run.logs.map((l) => l.event)).toEqual(
      expect.arrayContaining(['cold-migration-started', 'migration-confirmed']),
    );
  });

  it('confirms a migration left in VERIFY_RESIZE by an earlier run instead of starting another', async () => {
    const vm = world.nova.addServer({ host: 'cmp2', status: 'VERIFY_RESIZE' });
    const run = await world.run(['openstack', 'server-migrate', '--server', vm.id, '--mode', 'cold', ...fast]);
    expect(run.code).toBe(0);
    expect(novaWrites(world.nova).map((w) => w.body)).toEqual([{ confirmResize: null }]);
  });

  it('fails with exit 3 when Nova rolls a live migration back', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    world.nova.failMigrations.add(vm.id);
    const run = await world.run(['openstack', 'server-migrate', '--server', vm.id, ...fast]);
    expect(run.code).toBe(3);
    expect(run.result().message).toContain('is still on cmp1: Nova rolled the migration back');
  });

  it('refuses a live migration of a stopped server, pointing at cold', async () => {
    const vm = world.nova.addServer({ host: 'cmp1', status: 'SHUTOFF' });
    const run = await world.run(['openstack', 'server-migrate', '--server', vm.id]);
    expect(run.code).toBe(3);
    expect(run.result().message).toContain(
      'live migration needs ACTIVE or PAUSED (a stopped server moves with mode cold)',
    );
  });

  it('does nothing when the server already runs on the target host', async () => {
    const vm = world.nova.addServer({ host: 'cmp2' });
    const run = await world.run(['openstack', 'server-migrate', '--server', vm.id, '--target-host', 'cmp2']);
    expect(run.result()).toMatchObject({ outcome: 'unchanged' });
    expect(novaWrites(world.nova)).toEqual([]);
  });
});

describe('openstack service-disable / service-enable', () => {
  beforeEach(async () => {
    world = await startNovaWorld();
  });

  it('disables by service UUID with the reason, once, and enables again', async () => {
    const service = world.nova.addHost('cmp1');
    const disable = ['openstack', 'service-disable', '--host', 'cmp1', '--reason', 'disk replacement CHG-42'];
    expect((await world.run(disable)).code).toBe(0);
    expect((await world.run(disable)).result()).toMatchObject({ outcome: 'unchanged' });
    expect(novaWrites(world.nova)).toEqual([
      {
        method: 'PUT',
        url: `/v2.1/os-services/${service.id}`,
        body: { status: 'disabled', disabled_reason: 'disk replacement CHG-42' },
        version: 'compute 2.93',
      },
    ]);
    expect(world.nova.requests[world.nova.requests.length - 1]!.url).toBe(
      '/v2.1/os-services?host=cmp1&binary=nova-compute',
    );

    const enable = await world.run(['openstack', 'service-enable', '--host', 'cmp1']);
    expect(enable.result()).toMatchObject({ outcome: 'changed', details: { status: 'enabled', reason: null } });
    expect(novaWrites(world.nova)[1]!.body).toEqual({ status: 'enabled' });
  });

  it('exits 3 for a host without nova-compute, and 3 when Nova is older than 2.53', async () => {
    const none = await world.run(['openstack', 'service-disable', '--host', 'cmp9', '--reason', 'x']);
    expect(none.code).toBe(3);
    expect(none.result().message).toBe('Nova has no nova-compute service on host "cmp9"');

    await world.close();
    world = await startNovaWorld({ maxVersion: '2.38' });
    const old = await world.run(['openstack', 'service-enable', '--host', 'cmp1']);
    expect(old.code).toBe(3);
    expect(old.result().message).toMatch(/supports microversions 2\.1\.\.2\.38; opsflow needs at least 2\.53$/);
  });

  it('exits 2 without a reason', async () => {
    const run = await world.run(['openstack', 'service-disable', '--host', 'cmp1']);
    expect(run.code).toBe(2);
    expect(run.result().message).toContain('reason');
  });
});
