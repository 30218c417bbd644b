import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NovaWorld, startNovaWorld } from './harness.js';

let world: NovaWorld;
beforeEach(async () => {
  world = await startNovaWorld();
});
afterEach(() => world.close());

const output = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('openstack servers-on-host', () => {
  it('lists every project`s servers on the host, page by page through the marker', async () => {
    world.nova.addHost('cmp1');
    world.nova.addHost('cmp2');
    const a = world.nova.addServer({ host: 'cmp1', name: 'web1', tenant_id: 'p-shop', user_id: 'u-alice' });
    const b = world.nova.addServer({
      host: 'cmp1',
      name: 'db1',
      status: 'SHUTOFF',
      tenant_id: 'p-data',
      user_id: 'u-bob',
    });
    const c = world.nova.addServer({ host: 'cmp1', name: 'web2', tenant_id: 'p-shop', user_id: 'u-carol' });
    world.nova.addServer({ host: 'cmp2', name: 'elsewhere', tenant_id: 'p-shop' });

    const run = await world.run(['openstack', 'servers-on-host', '--host', 'cmp1', '--page-size', '2']);

    expect(run.code).toBe(0);
    expect(output(run.outputDir, 'servers')).toEqual([
      { id: a.id, name: 'web1', status: 'ACTIVE', projectId: 'p-shop', userId: 'u-alice' },
      { id: b.id, name: 'db1', status: 'SHUTOFF', projectId: 'p-data', userId: 'u-bob' },
      { id: c.id, name: 'web2', status: 'ACTIVE', projectId: 'p-shop', userId: 'u-carol' },
    ]);
    expect(output(run.outputDir, 'projectIds')).toEqual(['p-data', 'p-shop']);
    expect(run.result()).toMatchObject({ outcome: 'unchanged', message: '3 servers of 2 projects on cmp1' });
    expect(world.nova.requests.filter((r) => r.url.includes('/servers/detail')).map((r) => r.url)).toEqual([
      '/v2.1/servers/detail?all_tenants=1&host=cmp1&limit=2',
      `/v2.1/servers/detail?all_tenants=1&host=cmp1&limit=2&marker=${b.id}`,
    ]);
  });

  it('an empty host gives empty lists; an unknown host exits 3 instead of looking empty', async () => {
    world.nova.addHost('cmp1');
    const empty = await world.run(['openstack', 'servers-on-host', '--host', 'cmp1']);
    expect(empty.code).toBe(0);
    expect(output(empty.outputDir, 'servers')).toEqual([]);
    expect(output(empty.outputDir, 'projectIds')).toEqual([]);

    const typo = await world.run(['openstack', 'servers-on-host', '--host', 'cmp9']);
    expect(typo.code).toBe(3);
    expect(typo.result().message).toBe('Nova has no nova-compute service on host "cmp9"');
  });

  it('is read-only: --dry-run is refused with exit 2', async () => {
    const run = await world.run(['openstack', 'servers-on-host', '--host', 'cmp1', '--dry-run']);
    expect(run.code).toBe(2);
  });

  it('exits 75 when Nova keeps failing the listing', async () => {
    world.nova.addHost('cmp1');
    world.nova.faults.add({ match: (r) => r.url.includes('/servers/detail'), reply: { status: 503 }, times: 50 });
    const run = await world.run(['openstack', 'servers-on-host', '--host', 'cmp1']);
    expect(run.code).toBe(75);
    expect(run.result().message).toMatch(/^list the servers on cmp1: .*returned 503 after 5 attempts/);
  }, 30_000);
});
