import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, mapLimit } from '../../src/clients/http/index.js';
import { BaremetalClient } from '../../src/clients/openstack/index.js';
import type { CliRun } from '../steps/runtime/harness.js';
import { adminCloud, expectExit, openstackStep, unique } from './harness.js';
import { cloudEnv } from './peers.js';

/** `openstack node-enroll` against the real Ironic (fake-hardware): create, resume, refuse, dry-run, no leaked password. */
const PASSWORD = `bmc-${unique('pw')}`;
const env = { ...cloudEnv, BMC_PASSWORD: PASSWORD };
let ironic: BaremetalClient;
const created: string[] = [];

const octet = () =>
  Math.floor(Math.random() * 256)
    .toString(16)
    .padStart(2, '0');
const mac = () => `52:54:${octet()}:${octet()}:${octet()}:${octet()}`;

function enroll(name: string, macs: string[], extra: string[] = []): Promise<CliRun> {
  return openstackStep(
    [
      'node-enroll',
      '--name',
      name,
      '--driver',
      'fake-hardware',
      '--bmc-protocol',
      'ipmi',
      '--bmc-address',
      '10.0.0.7',
      '--bmc-username',
      'admin',
      '--macs',
      JSON.stringify(macs),
      ...extra,
    ],
    env,
  );
}

/** Everything the run wrote: stdout, stderr and each output file. */
function everything(run: CliRun): string {
  const files = readdirSync(run.outputDir).map((file) => readFileSync(join(run.outputDir, file), 'utf8'));
  return [run.stdout, run.stderr, ...files].join('\n');
}

async function portsOf(uuid: string): Promise<string[]> {
  return (await collect(ironic.ports({ node: uuid, fields: ['address'] }))).map((port) => port.address).sort();
}

beforeAll(async () => {
  ironic = await BaremetalClient.connect(await adminCloud());
});

afterAll(async () => {
  await mapLimit(created, 4, (uuid) => ironic.deleteNode(uuid).catch(() => undefined));
});

test('a fresh enrol creates the node with its BMC and every port; the password is in no output', async () => {
  const name = unique('enroll');
  const macs = [mac(), mac()];
  const run = await enroll(name, macs, ['--resource-class', 'baremetal.gp1', '--properties', '{"cpus":8}']);
  expectExit(run, 0);
  const node = await ironic.node(name);
  created.push(node.uuid);
  expect(run.result()).toMatchObject({
    outcome: 'changed',
    message: `created node ${name} (fake-hardware), created port(s) ${macs.join(', ')}`,
  });
  expect(readFileSync(join(run.outputDir, 'nodeUuid'), 'utf8')).toBe(node.uuid);
  expect(node).toMatchObject({
    driver: 'fake-hardware',
    resource_class: 'baremetal.gp1',
    properties: { cpus: 8 },
    provision_state: 'enroll',
    driver_info: { ipmi_address: '10.0.0.7', ipmi_username: 'admin', ipmi_password: '******' },
  });
  expect(await portsOf(node.uuid)).toEqual([...macs].sort());
  expect(everything(run)).not.toContain(PASSWORD);

  const again = await enroll(name, macs);
  expectExit(again, 0);
  expect(again.result()).toMatchObject({ outcome: 'unchanged' });
}, 60_000);

test('the composite ironic-node-enroll on the real Ironic: enroll, manage, inspect, provide; again, enroll is unchanged', async () => {
  const name = unique('full');
  const macs = [mac()];
  const fast = ['--poll-interval-seconds', '0.2', '--timeout-seconds', '60'];
  expectExit(await enroll(name, macs), 0);
  created.push((await ironic.node(name)).uuid);
  for (const action of ['manage', 'inspect', 'provide']) {
    expectExit(await openstackStep(['node-provision', '--node', name, '--action', action, ...fast]), 0);
  }
  expect(await ironic.node(name)).toMatchObject({ provision_state: 'available', target_provision_state: null });
  const again = await enroll(name, macs);
  expectExit(again, 0);
  expect(again.result()).toMatchObject({ outcome: 'unchanged', details: { provisionState: 'available' } });
}, 120_000);

test('a rerun after a partial enrol reuses the node and creates only the missing port', async () => {
  const name = unique('half');
  const [first, second] = [mac(), mac()];
  const node = await ironic.createNode({
    name,
    driver: 'fake-hardware',
    driver_info: { ipmi_address: '10.0.0.7', ipmi_username: 'admin' },
  });
  created.push(node.uuid);
  await ironic.createPort({ node_uuid: node.uuid, address: first! });

  const run = await enroll(name, [first!, second!]);
  expectExit(run, 0);
  expect(run.result()).toMatchObject({
    outcome: 'changed',
    message: `reused node ${name}, created port(s) ${second}`,
    details: { uuid: node.uuid, plan: { createNode: false, createPorts: [second] } },
  });
  expect(await portsOf(node.uuid)).toEqual([first, second].sort());
}, 60_000);

test('a node of that name with another BMC, or a MAC of another node, is exit 3 naming it; nothing changes', async () => {
  const name = unique('other');
  const theirs = mac();
  const node = await ironic.createNode({
    name,
    driver: 'fake-hardware',
    driver_info: { ipmi_address: '10.9.9.9', ipmi_username: 'admin' },
  });
  created.push(node.uuid);
  await ironic.createPort({ node_uuid: node.uuid, address: theirs });

  const mismatch = await enroll(name, [mac()]);
  expectExit(mismatch, 3);
  expect(mismatch.result().message).toContain(
    `node ${name} exists but is not this server: driver_info.ipmi_address is "10.9.9.9", not "10.0.0.7"`,
  );
  expect(await portsOf(node.uuid)).toEqual([theirs]);

  const fresh = unique('steal');
  const stolen = await enroll(fresh, [mac(), theirs.toUpperCase()]);
  expectExit(stolen, 3);
  expect(stolen.result().message).toContain(`MAC address ${theirs} is already a port of node ${node.uuid}`);
  await expect(ironic.node(fresh)).rejects.toMatchObject({ status: 404 });
}, 60_000);

test('dry-run reports the plan and creates nothing; without a password a new node is refused', async () => {
  const name = unique('dry');
  const macs = [mac()];
  const dry = await enroll(name, macs, ['--dry-run']);
  expectExit(dry, 0);
  expect(dry.result()).toMatchObject({
    outcome: 'dry-run',
    message: `would create node ${name} (fake-hardware), create port(s) ${macs[0]}`,
  });
  await expect(ironic.node(name)).rejects.toMatchObject({ status: 404 });
  expect(await collect(ironic.ports({ address: macs[0] }))).toEqual([]);
  expect(everything(dry)).not.toContain(PASSWORD);

  const bare = await openstackStep(
    ['node-enroll', '--name', name, '--driver', 'fake-hardware', '--bmc-address', 'h', '--bmc-username', 'u'],
    cloudEnv,
  );
  expectExit(bare, 2);
  const noPassword = await openstackStep(
    [
      'node-enroll',
      '--name',
      name,
      '--driver',
      'fake-hardware',
      '--bmc-address',
      'h',
      '--bmc-username',
      'u',
      '--macs',
      JSON.stringify(macs),
    ],
    cloudEnv,
  );
  expectExit(noPassword, 3);
  expect(noPassword.result().message).toContain(`creating node ${name} needs the BMC password: set BMC_PASSWORD_FILE`);
  await expect(ironic.node(name)).rejects.toMatchObject({ status: 404 });
}, 60_000);
