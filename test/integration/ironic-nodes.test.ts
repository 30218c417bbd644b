import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, collectFromBothEnds, eachItem, mapLimit, type SortDirection } from '../../src/clients/http/index.js';
import { BaremetalClient, type BaremetalNode } from '../../src/clients/openstack/index.js';
import { adminCloud, events, expectExit, openstackStep, unique } from './harness.js';

/**
 * Real Ironic (fake-hardware, 1 s fake power/boot/deploy delays): node listing with pagination, and the Ironic steps
 * through `opsflow-step openstack ...` with their exit codes, outputs and logs.
 */
const FAST = ['--poll-interval-seconds', '0.2', '--timeout-seconds', '60'];
let ironic: BaremetalClient;
const created: string[] = [];

async function createNode(prefix: string): Promise<BaremetalNode> {
  const node = await ironic.createNode({ name: unique(prefix), driver: 'fake-hardware', properties: { cpus: 8 } });
  created.push(node.uuid);
  return node;
}

beforeAll(async () => {
  ironic = await BaremetalClient.connect(await adminCloud());
});

afterAll(async () => {
  // Best effort: a node left in a state Ironic refuses to delete stays; names are unique per run anyway.
  await mapLimit(created, 4, (uuid) => ironic.deleteNode(uuid).catch(() => undefined));
});

test('descending listings are the ascending ones reversed, so reading from both ends returns each node and port once', async () => {
  const mine = await mapLimit(
    Array.from({ length: 7 }, (_, i) => i),
    4,
    () => createNode('ends'),
  );
  const http = await ironic.cloud.serviceHttp('baremetal', {
    headers: { 'x-openstack-ironic-api-version': ironic.microversion },
  });
  const octet = () =>
    Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0');
  await mapLimit(mine, 4, (node) =>
    http.post('v1/ports', {
      json: { node_uuid: node.uuid, address: `52:54:${octet()}:${octet()}:${octet()}:${octet()}` },
    }),
  );
  const listings: ((sortDir: SortDirection, signal?: AbortSignal) => AsyncIterable<readonly { uuid: string }[]>)[] = [
    (sortDir, signal) => ironic.nodePages({ pageSize: 2, fields: ['name'], sortDir, signal }),
    (sortDir, signal) => ironic.portPages({ pageSize: 2, fields: ['address'], sortDir, signal }),
  ];
  for (const list of listings) {
    const ascending = (await collect(eachItem(list('asc')))).map((item) => item.uuid);
    const descending = (await collect(eachItem(list('desc')))).map((item) => item.uuid);
    expect(descending).toEqual([...ascending].reverse());
    expect((await collectFromBothEnds(list, (item) => item.uuid, 2)).map((item) => item.uuid)).toEqual(ascending);
  }
}, 60_000);

test('the negotiated microversion is the newest both sides know', () => {
  expect(ironic.microversion).toBe('1.82');
});

test('listing follows limit/marker next links across pages and returns every node once', async () => {
  const mine = await mapLimit(
    Array.from({ length: 25 }, (_, i) => i),
    5,
    () => createNode('page'),
  );
  let pages = 0;
  const counting = await BaremetalClient.connect(
    await adminCloud({
      fetch: (input, init) => {
        if (/\/v1\/nodes\?/.test(String(input))) pages++;
        return fetch(input, init);
      },
    }),
  );
  const listed: BaremetalNode[] = [];
  for await (const node of counting.nodes({ pageSize: 10, fields: ['name', 'provision_state'] })) listed.push(node);

  const uuids = listed.map((node) => node.uuid);
  expect(new Set(uuids).size).toBe(uuids.length);
  expect(uuids).toEqual(expect.arrayContaining(mine.map((node) => node.uuid)));
  // Ironic sends a next link after every full page, so an exact multiple of 10 costs one more (empty) page.
  expect(pages).toBe(Math.floor(listed.length / 10) + 1);
  expect(listed.find((node) => node.uuid === mine[0]!.uuid)).toMatchObject({
    uuid: mine[0]!.uuid,
    name: mine[0]!.name,
    provision_state: 'enroll',
  });
}, 60_000);

test('node-maintenance: on with a reason, again unchanged, dry-run off changes nothing, off', async () => {
  const node = await createNode('maint');
  const on = await openstackStep([
    'node-maintenance',
    '--node',
    node.name!,
    '--maintenance',
    'on',
    '--reason',
    'disk swap',
  ]);
  expectExit(on, 0);
  expect(on.result()).toMatchObject({
    outcome: 'changed',
    message: `node ${node.name} is in maintenance (reason: disk swap)`,
  });
  expect(await ironic.node(node.uuid)).toMatchObject({ maintenance: true, maintenance_reason: 'disk swap' });

  const again = await openstackStep([
    'node-maintenance',
    '--node',
    node.uuid,
    '--maintenance',
    'on',
    '--reason',
    'disk swap',
  ]);
  expect(again.result()).toMatchObject({ outcome: 'unchanged' });

  const dry = await openstackStep(['node-maintenance', '--node', node.name!, '--maintenance', 'off', '--dry-run']);
  expectExit(dry, 0);
  expect(dry.result()).toMatchObject({
    outcome: 'dry-run',
    message: `would take node ${node.name} out of maintenance`,
  });
  expect((await ironic.node(node.uuid)).maintenance).toBe(true);

  expectExit(await openstackStep(['node-maintenance', '--node', node.name!, '--maintenance', 'off']), 0);
  expect(await ironic.node(node.uuid)).toMatchObject({ maintenance: false, maintenance_reason: null });
}, 60_000);

test('node-power: on, off and reboot wait through the fake 1 s delay and report the power state', async () => {
  const node = await createNode('power');
  const dry = await openstackStep(['node-power', '--node', node.name!, '--power', 'on', '--dry-run']);
  expect(dry.result()).toMatchObject({
    outcome: 'dry-run',
    message: `would power on node ${node.name} (power state now unknown)`,
  });
  expect((await ironic.node(node.uuid)).target_power_state).toBeNull();

  const on = await openstackStep(['node-power', '--node', node.name!, '--power', 'on', ...FAST]);
  expectExit(on, 0);
  expect(on.result()).toMatchObject({ outcome: 'changed', details: { powerState: 'power on' } });
  // The transition was observed on its way, not only at the end.
  expect(events(on, 'wait-progress')[0]).toMatchObject({ state: expect.stringContaining('target "power on"') });

  const again = await openstackStep(['node-power', '--node', node.name!, '--power', 'on']);
  expect(again.result()).toMatchObject({ outcome: 'unchanged', message: `node ${node.name} is already "power on"` });

  const reboot = await openstackStep(['node-power', '--node', node.name!, '--power', 'reboot', ...FAST]);
  expectExit(reboot, 0);
  expect((reboot.result().details as BaremetalNode & { powerState: string }).powerState).toBe('power on');

  const off = await openstackStep(['node-power', '--node', node.name!, '--power', 'off', ...FAST]);
  expectExit(off, 0);
  expect(await ironic.node(node.uuid)).toMatchObject({ power_state: 'power off', target_power_state: null });
}, 60_000);

test('node-provision: enroll → manageable → available, inspect, clean with a BIOS step, rebuild', async () => {
  const node = await createNode('prov');
  const manage = await openstackStep(['node-provision', '--node', node.name!, '--action', 'manage', ...FAST]);
  expectExit(manage, 0);
  expect(manage.result()).toMatchObject({
    message: `manage node ${node.name} ("enroll" → "manageable"): now "manageable"`,
  });
  expect((await openstackStep(['node-provision', '--node', node.name!, '--action', 'manage'])).result()).toMatchObject({
    outcome: 'unchanged',
  });

  expectExit(await openstackStep(['node-provision', '--node', node.name!, '--action', 'inspect', ...FAST]), 0);

  const bios = [
    {
      interface: 'bios',
      step: 'apply_configuration',
      args: { settings: [{ name: 'ProcTurboMode', value: 'Disabled' }] },
    },
  ];
  const clean = await openstackStep([
    'node-provision',
    '--node',
    node.name!,
    '--action',
    'clean',
    '--clean-steps',
    JSON.stringify(bios),
    ...FAST,
  ]);
  expectExit(clean, 0);
  const settings = await ironic.cloud
    .serviceHttp('baremetal', { headers: { 'x-openstack-ironic-api-version': '1.82' } })
    .then((http) => http.get<{ bios: { name: string; value: string }[] }>(`v1/nodes/${node.uuid}/bios`));
  expect(settings.data.bios).toContainEqual(expect.objectContaining({ name: 'ProcTurboMode', value: 'Disabled' }));

  const dry = await openstackStep(['node-provision', '--node', node.name!, '--action', 'provide', '--dry-run']);
  expect(dry.result()).toMatchObject({ outcome: 'dry-run' });
  expect((await ironic.node(node.uuid)).provision_state).toBe('manageable');

  const provide = await openstackStep(['node-provision', '--node', node.name!, '--action', 'provide', ...FAST]);
  expectExit(provide, 0);
  expect(await ironic.node(node.uuid)).toMatchObject({ provision_state: 'available', target_provision_state: null });

  // Deploy with the client, then rebuild with the step: active → deploying (1 s fake delay) → active.
  await ironic.setProvisionState(node.uuid, 'active');
  for (let i = 0; i < 100 && (await ironic.node(node.uuid)).provision_state !== 'active'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const rebuild = await openstackStep(['node-provision', '--node', node.name!, '--action', 'rebuild', ...FAST]);
  expectExit(rebuild, 0);
  expect(rebuild.result()).toMatchObject({ outcome: 'changed', details: { provisionState: 'active' } });
  expect(events(rebuild, 'wait-progress').length).toBeGreaterThan(0);
  // undeploy so afterAll can delete it
  await ironic.setProvisionState(node.uuid, 'deleted');
}, 120_000);

test('a clean step the driver lacks ends in "clean failed": exit 3 with last_error; node-reclean recovers it', async () => {
  const node = await createNode('fail');
  expectExit(await openstackStep(['node-provision', '--node', node.name!, '--action', 'manage', ...FAST]), 0);
  const erase = JSON.stringify([{ interface: 'deploy', step: 'erase_devices' }]);

  const failed = await openstackStep([
    'node-provision',
    '--node',
    node.name!,
    '--action',
    'clean',
    '--clean-steps',
    erase,
    ...FAST,
  ]);
  expectExit(failed, 3);
  const after = await ironic.node(node.uuid);
  expect(after.provision_state).toBe('clean failed');
  expect(failed.result().message).toContain(`node ${node.name} is in "clean failed": ${after.last_error}`);

  const reclean = await openstackStep(['node-reclean', '--node', node.name!, ...FAST]);
  expectExit(reclean, 0);
  expect(reclean.result()).toMatchObject({
    outcome: 'changed',
    message: `node ${node.name} recovered: "available" after 1 round`,
  });
  expect((await ironic.node(node.uuid)).provision_state).toBe('available');
  expect((await openstackStep(['node-reclean', '--node', node.name!])).result()).toMatchObject({
    outcome: 'unchanged',
  });
}, 120_000);

test('node-reclean gives up after maxAttempts rounds when the clean keeps failing (exit 3, no loop)', async () => {
  const node = await createNode('stuck');
  const erase = JSON.stringify([{ interface: 'deploy', step: 'erase_devices' }]);
  await openstackStep(['node-provision', '--node', node.name!, '--action', 'manage', ...FAST]);
  await openstackStep(['node-provision', '--node', node.name!, '--action', 'clean', '--clean-steps', erase, ...FAST]);
  expect((await ironic.node(node.uuid)).provision_state).toBe('clean failed');

  const dry = await openstackStep(['node-reclean', '--node', node.name!, '--clean-steps', erase, '--dry-run']);
  expect(dry.result()).toMatchObject({ outcome: 'dry-run', details: { plan: ['manage', 'clean', 'provide'] } });

  const run = await openstackStep([
    'node-reclean',
    '--node',
    node.name!,
    '--clean-steps',
    erase,
    '--max-attempts',
    '2',
    ...FAST,
  ]);
  expectExit(run, 3);
  expect(events(run, 'reclean-attempt').map((line) => line.attempt)).toEqual([1, 2]);
  expect(run.result().message).toMatch(
    new RegExp(`node ${node.name} is still "clean failed" after 2 recovery rounds; last error: .+`),
  );
}, 120_000);

test("a node that does not exist is exit 3 with Ironic's message; a bad input is exit 2 naming the field", async () => {
  const missing = await openstackStep(['node-power', '--node', 'no-such-node', '--power', 'on']);
  expectExit(missing, 3);
  expect(missing.result().message).toContain('Node no-such-node could not be found');

  const invalid = await openstackStep(['node-provision', '--node', 'n1', '--action', 'clean']);
  expectExit(invalid, 2);
  expect(invalid.stderr).toContain('cleanSteps: action \\"clean\\" needs the clean steps to run');
});

test('node-show: provision and power state, maintenance with its reason, by name or UUID; read-only', async () => {
  const node = await createNode('show');
  await ironic.setMaintenance(node.uuid, 'hypervisor down');

  const run = await openstackStep(['node-show', '--node', node.name!]);
  expectExit(run, 0);
  const output = (name: string) => readFileSync(join(run.outputDir, name), 'utf8');
  expect([output('provisionState'), output('maintenance'), output('maintenanceReason')]).toEqual([
    'enroll',
    'true',
    'hypervisor down',
  ]);
  expect(output('lastError')).toBe('');
  expect(run.result()).toMatchObject({
    outcome: 'unchanged',
    message: expect.stringContaining('in maintenance (hypervisor down)'),
  });
  expect(await ironic.node(node.uuid)).toMatchObject({ maintenance: true, maintenance_reason: 'hypervisor down' });

  expectExit(await openstackStep(['node-show', '--node', node.uuid]), 0);
  expectExit(await openstackStep(['node-show', '--node', unique('absent')]), 3);
}, 60_000);
