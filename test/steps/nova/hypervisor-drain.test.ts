import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NovaWorld, novaWrites, startNovaWorld } from './harness.js';

let world: NovaWorld;
beforeEach(async () => {
  world = await startNovaWorld();
  world.nova.addHost('cmp1');
  world.nova.addHost('cmp2');
});
afterEach(() => world.close());

const drain = (...flags: string[]) =>
  world.run(['openstack', 'hypervisor-drain', '--host', 'cmp1', '--poll-interval-seconds', '0.1', ...flags]);
const reportOf = (run: Awaited<ReturnType<typeof drain>>) =>
  JSON.parse(readFileSync(join(run.outputDir, 'report'), 'utf8'));

describe('openstack hypervisor-drain', () => {
  it('disables the service, then moves running servers live and stopped ones cold, a bounded number at a time', async () => {
    const running = [1, 2, 3, 4].map((n) => world.nova.addServer({ host: 'cmp1', name: `web${n}` }));
    const stopped = world.nova.addServer({ host: 'cmp1', name: 'batch', status: 'SHUTOFF' });
    world.nova.addServer({ host: 'cmp2', name: 'elsewhere' });
    let peak = 0;
    const watch = setInterval(() => {
      const moving = [...world.nova.servers.values()].filter((s) => s.task_state !== null).length;
      peak = Math.max(peak, moving);
    }, 2);
    const run = await drain('--concurrency', '2', '--reason', 'kernel upgrade');
    clearInterval(watch);

    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({
      outcome: 'changed',
      message: 'moved 5 servers off cmp1 (nova-compute disabled)',
    });
    expect(peak).toBeLessThanOrEqual(2);
    const writes = novaWrites(world.nova);
    expect(writes[0]).toMatchObject({ method: 'PUT', body: { status: 'disabled', disabled_reason: 'kernel upgrade' } });
    expect(
      writes
        .filter((w) => w.url.endsWith('/action'))
        .map((w) => Object.keys(w.body as object)[0])
        .sort(),
    ).toEqual(['confirmResize', 'migrate', 'os-migrateLive', 'os-migrateLive', 'os-migrateLive', 'os-migrateLive']);
    expect(world.nova.requests.find((r) => r.url.includes('/servers/detail'))!.url).toBe(
      '/v2.1/servers/detail?all_tenants=1&host=cmp1&limit=1000',
    );
    expect([...running, stopped].map((s) => s.host)).toEqual(['cmp2', 'cmp2', 'cmp2', 'cmp2', 'cmp2']);
    expect(stopped.status).toBe('SHUTOFF');
    expect(reportOf(run)).toMatchObject({
      host: 'cmp1',
      notMoved: [],
      moved: expect.arrayContaining([{ id: stopped.id, name: 'batch', mode: 'cold', to: 'cmp2' }]),
    });

    const again = await drain('--reason', 'kernel upgrade');
    expect(again.result()).toMatchObject({
      outcome: 'unchanged',
      message: 'cmp1 has no servers left (nova-compute disabled)',
    });
  });

  it('reports what did not move, exits 3 for a refusal, and a second run moves only what is left', async () => {
    const ok = world.nova.addServer({ host: 'cmp1', name: 'ok' });
    const flaky = world.nova.addServer({ host: 'cmp1', name: 'flaky' });
    const broken = world.nova.addServer({ host: 'cmp1', name: 'broken', status: 'ERROR', vm_state: 'error' });
    world.nova.failMigrations.add(flaky.id);

    const first = await drain();
    expect(first.code).toBe(3);
    expect(first.result().message).toMatch(/^moved 1 of 3 servers off cmp1; not moved:\n/);
    const report = reportOf(first);
    expect(report.moved).toEqual([{ id: ok.id, name: 'ok', mode: 'live', to: 'cmp2' }]);
    expect(report.notMoved).toEqual([
      expect.objectContaining({
        id: flaky.id,
        status: 'ACTIVE',
        retryable: false,
        reason: expect.stringContaining('still on cmp1'),
      }),
      expect.objectContaining({
        id: broken.id,
        status: 'ERROR',
        retryable: false,
        reason: expect.stringContaining('is ERROR; live migration needs ACTIVE or PAUSED'),
      }),
    ]);

    world.nova.failMigrations.clear();
    world.nova.servers.delete(broken.id);
    world.nova.requests.length = 0;
    const second = await drain();
    expect(second.code).toBe(0);
    const migrated = novaWrites(world.nova)
      .filter((w) => w.url.endsWith('/action'))
      .map((w) => w.url);
    expect(migrated).toEqual([`/v2.1/servers/${flaky.id}/action`]);
  });

  it('a cold migration whose confirmation failed (exit 75) is confirmed by the retry, though it left the host', async () => {
    const off = world.nova.addServer({ host: 'cmp1', name: 'off', status: 'SHUTOFF' });
    world.nova.faults.add({
      match: (r) => r.method === 'POST' && r.body.includes('confirmResize'),
      reply: { status: 503, body: { computeFault: { code: 503, message: 'Service Unavailable' } } },
    });
    const first = await drain();
    expect(first.code).toBe(75);
    expect(reportOf(first).notMoved).toEqual([expect.objectContaining({ id: off.id, retryable: true })]);
    // Nova now shows the server on cmp2, waiting for its confirmation: a listing by host no longer finds it.
    expect(off).toMatchObject({ status: 'VERIFY_RESIZE', host: 'cmp2' });

    world.nova.requests.length = 0;
    const retry = await drain();
    expect(retry.code).toBe(0);
    expect(reportOf(retry).moved).toEqual([{ id: off.id, name: 'off', mode: 'cold', to: 'cmp2' }]);
    expect(novaWrites(world.nova).filter((w) => w.url.endsWith('/action'))).toEqual([
      expect.objectContaining({ url: `/v2.1/servers/${off.id}/action`, body: { confirmResize: null } }),
    ]);
    expect(off.status).toBe('SHUTOFF');
    expect(world.nova.migrations.map((m) => m.status)).toEqual(['confirmed']);

    // Once confirmed, a third run finds nothing to do.
    const third = await drain();
    expect(third.result()).toMatchObject({
      outcome: 'unchanged',
      message: 'cmp1 has no servers left (nova-compute disabled)',
    });
  });

  it('exits 75 when a server outlasts its timeout, so the template retries, with the report written', async () => {
    const slow = world.nova.addServer({ host: 'cmp1', name: 'slow' });
    world.nova.stuck.add(slow.id);
    const run = await drain('--server-timeout-seconds', '1');
    expect(run.code).toBe(75);
    expect(reportOf(run).notMoved).toEqual([
      expect.objectContaining({
        id: slow.id,
        retryable: true,
        reason: expect.stringMatching(/^timed out after \d+ s waiting for server slow/),
      }),
    ]);
  });

  it('dry-run lists what it would move and changes nothing', async () => {
    world.nova.addServer({ host: 'cmp1', name: 'a' });
    world.nova.addServer({ host: 'cmp1', name: 'b', status: 'SHUTOFF' });
    const run = await drain('--dry-run');
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({
      outcome: 'dry-run',
      message: 'would disable nova-compute on cmp1: opsflow hypervisor-drain; would move 2 servers off cmp1',
    });
    expect(reportOf(run).wouldMove.map((s: { mode: string }) => s.mode)).toEqual(['live', 'cold']);
    expect(novaWrites(world.nova)).toEqual([]);
  });

  it('exits 2 naming the field and value when the target host is the host being drained, before any request', async () => {
    const run = await drain('--target-host', 'cmp1');
    expect(run.code).toBe(2);
    expect(run.result().message).toContain('targetHost');
    expect(run.result().message).toContain('must differ from host "cmp1"');
    expect(world.nova.requests).toEqual([]);
  });
});
