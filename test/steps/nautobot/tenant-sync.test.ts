import { type SyncWorld, startSyncWorld } from './harness.js';

const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let world: SyncWorld;
beforeEach(async () => {
  world = await startSyncWorld();
  world.keystone.projects.set(PROJECT, {
    id: PROJECT,
    name: 'shop',
    description: 'Web shop team',
    domain_id: 'default',
    enabled: true,
  });
});
afterEach(() => world.close());

const writes = () => world.nautobot.requests.filter((r) => r.method !== 'GET');
const sync = (...flags: string[]) => world.run(['nautobot', 'tenant-sync', '--project-id', PROJECT, ...flags]);

describe('nautobot tenant-sync', () => {
  it('creates the tenant with the project id as its id and in the custom field, then keeps it in step', async () => {
    const created = await sync();
    expect(created.code).toBe(0);
    expect(writes().map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      [
        'POST',
        '/api/tenancy/tenants/',
        [
          {
            id: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90',
            name: 'shop',
            description: 'Web shop team',
            custom_fields: { keystone_project_id: PROJECT },
          },
        ],
      ],
    ]);
    expect(world.nautobot.requests[0]!.url).toBe(
      `/api/tenancy/tenants/?limit=1000&cf_keystone_project_id=${PROJECT}&offset=0`,
    );

    world.nautobot.requests.length = 0;
    expect((await sync()).result()).toMatchObject({ outcome: 'unchanged' });
    expect(writes()).toEqual([]);

    world.keystone.projects.get(PROJECT)!.name = 'shop-eu';
    const renamed = await sync();
    expect(renamed.result()).toMatchObject({
      outcome: 'changed',
      message: 'updated tenant shop',
      details: { name: 'shop-eu' },
    });
    expect(writes().map((r) => JSON.parse(r.body))).toEqual([
      [{ id: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90', name: 'shop-eu' }],
    ]);
  });

  it('cuts a description longer than Nautobot holds (255) instead of failing every sync, and stays unchanged', async () => {
    world.keystone.projects.get(PROJECT)!.description = 'd'.repeat(300);
    expect((await sync()).code).toBe(0);
    const [tenant] = world.nautobot.rows('tenancy/tenants');
    expect(tenant!.description).toBe(`${'d'.repeat(254)}…`);
    world.nautobot.requests.length = 0;
    expect((await sync()).result()).toMatchObject({ outcome: 'unchanged' });
    expect(writes()).toEqual([]);
  });

  it('cuts a description between characters, never inside an emoji, and counts characters as Nautobot does', async () => {
    // The emoji straddles the cut by UTF-16 units: a unit-based cut would send half of it (a lone surrogate).
    world.keystone.projects.get(PROJECT)!.description = `${'d'.repeat(253)}😀😀${'x'.repeat(10)}`;
    expect((await sync()).code).toBe(0);
    const [tenant] = world.nautobot.rows('tenancy/tenants');
    expect(tenant!.description).toBe(`${'d'.repeat(253)}😀…`);
    expect([...String(tenant!.description)]).toHaveLength(255);
  });

  it('keeps the tenant of a deleted project unless asked to delete it', async () => {
    await sync();
    world.keystone.projects.delete(PROJECT);
    const kept = await sync();
    expect(kept.code).toBe(0);
    expect(kept.result()).toMatchObject({
      outcome: 'unchanged',
      message: `project ${PROJECT} is gone; kept tenant shop`,
    });
    expect(kept.logs).toContainEqual(expect.objectContaining({ level: 'warn', event: 'project-missing' }));

    const dry = await sync('--delete-if-missing', '--dry-run');
    expect(dry.result()).toMatchObject({ outcome: 'dry-run', message: 'would delete tenant shop' });
    expect(world.nautobot.rows('tenancy/tenants')).toHaveLength(1);

    const deleted = await sync('--delete-if-missing');
    expect(deleted.result()).toMatchObject({ outcome: 'changed' });
    expect(world.nautobot.rows('tenancy/tenants')).toEqual([]);
  });

  it('exits 3 when two tenants claim the project', async () => {
    for (const name of ['shop-a', 'shop-b']) {
      world.nautobot.seed('tenancy/tenants', { name, custom_fields: { keystone_project_id: PROJECT } });
    }
    const run = await sync();
    expect(run.code).toBe(3);
    expect(run.result().message).toBe(
      `2 Nautobot tenants carry keystone_project_id=${PROJECT} (shop-a, shop-b); merge them first`,
    );
  });

  it('exits 2 on a malformed project id', async () => {
    const run = await world.run(['nautobot', 'tenant-sync', '--project-id', 'a b']);
    expect(run.code).toBe(2);
    expect(run.result().message).toContain('"a b"');
  });
});

describe('nautobot tenant-sync: a create applied whose answer is lost', () => {
  const isCreate = (r: { method: string; url: string }) => r.method === 'POST' && r.url === '/api/tenancy/tenants/';

  it('applied, answer lost, retried: the retry recognises its own tenant (its id is the project id)', async () => {
    world.nautobot.faults.add({ applied: true, match: isCreate, reply: { reset: true } });
    const run = await sync();
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(world.nautobot.rows('tenancy/tenants')).toHaveLength(1);
  });

  it('exit 75, step run again: the tenant the first run created is kept, not created again', async () => {
    world.nautobot.faults.add({ applied: true, match: isCreate, reply: { reset: true } });
    // Nautobot then stays down for the step: its retry cannot learn what happened.
    let down = false;
    let trigger: unknown;
    world.nautobot.faults.observe((r) => {
      if (isCreate(r) && !trigger) {
        trigger = r;
        down = true;
      }
    });
    world.nautobot.faults.add({ match: (r) => down && r !== trigger, reply: { status: 503 }, times: 1000 });
    const first = await sync();
    expect(first.code).toBe(75);
    expect(world.nautobot.rows('tenancy/tenants')).toHaveLength(1);
    down = false;
    world.nautobot.requests.length = 0;
    const again = await sync();
    expect(again.code).toBe(0);
    expect(again.result()).toMatchObject({ outcome: 'unchanged' });
    expect(writes()).toEqual([]);
    expect(world.nautobot.rows('tenancy/tenants')).toHaveLength(1);
  }, 30_000);
});
