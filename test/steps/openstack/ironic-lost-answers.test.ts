import { steps } from '../../../src/steps/openstack/index.js';
import { REBOOTED_BY } from '../../../src/steps/openstack/run/ironic-node-power.js';
import { PROVISIONED_BY } from '../../../src/steps/openstack/run/ironic-node-provision.js';
import { RECLEANED_BY } from '../../../src/steps/openstack/run/ironic-node-reclean.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { type FakeIronic, type FakeIronicNode, startFakeIronic } from '../../fakes/ironic/server.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';
import type { RecordedRequest } from '../../fakes/scripted-server.js';
import { runCli } from '../runtime/harness.js';

/**
 * The Ironic steps against a fake whose nodes change state like a conductor's, when the answer to a change is lost
 * after Ironic applied it (the connection resets once the node is already moving), and when a step is run again
 * after an exit 75 (Argo's retry of the same Workflow).
 */
const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';
const WORKFLOW = 'ironic-node-provision-x7k2p';

let keystone: FakeKeystone;
let ironic: FakeIronic;

beforeEach(async () => {
  const services: Record<string, string> = {};
  keystone = await startFakeKeystone(services);
  ironic = await startFakeIronic({ isValidToken: keystone.isValid, transitionMs: 1200 });
  services.baremetal = ironic.url;
});

afterEach(async () => {
  await ironic.close();
  await keystone.close();
});

function addNode(fields: Partial<FakeIronicNode>): FakeIronicNode {
  const node: FakeIronicNode = {
    uuid: UUID,
    name: 'n1',
    provision_state: 'manageable',
    target_provision_state: null,
    power_state: 'power off',
    target_power_state: null,
    maintenance: false,
    maintenance_reason: null,
    last_error: null,
    provision_updated_at: '2026-11-30T10:00:00+00:00',
    extra: {},
    ...fields,
  };
  ironic.nodes.set(UUID, node);
  return node;
}

const catalog = catalogFromSteps(steps);
const step = (argv: string[], env: Record<string, string> = {}) =>
  runCli(catalog, ['openstack', ...argv], { env: { ...keystone.env, ...env } });
const changes = () =>
  ironic.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url.replace(UUID, '{uuid}')}`);
const POLL = ['--poll-interval-seconds', '0.1'];
const CLEAN_STEPS = ['--clean-steps', '[{"interface":"deploy","step":"erase_devices_metadata"}]'];
/** A state or maintenance change; not the PATCH of a marker before it. */
const isChange = (request: RecordedRequest) => request.method !== 'GET' && request.method !== 'PATCH';
/** The bodies of the provision and power changes asked for, in order. */
const stateChanges = (requests: readonly RecordedRequest[]) =>
  requests.filter((r) => r.url.includes('/states/')).map((r) => `${r.url.replace(UUID, '{uuid}')} ${r.body}`);

/**
 * Every mutating Ironic step, with a node it changes and what the node looks like afterwards. A step that waits
 * exits 75 when its wait times out; one that does not (maintenance) when every answer is lost.
 */
const CASES: {
  argv: string[];
  node: Partial<FakeIronicNode>;
  after: Partial<FakeIronicNode>;
  waits?: false;
}[] = [
  { argv: ['node-power', '--node', 'n1', '--power', 'on', ...POLL], node: {}, after: { power_state: 'power on' } },
  {
    argv: ['node-power', '--node', 'n1', '--power', 'reboot', ...POLL],
    node: { power_state: 'power on' },
    after: { power_state: 'power on' },
  },
  {
    argv: ['node-provision', '--node', 'n1', '--action', 'provide', ...POLL],
    node: {},
    after: { provision_state: 'available' },
  },
  {
    argv: ['node-provision', '--node', 'n1', '--action', 'clean', ...CLEAN_STEPS, ...POLL],
    node: {},
    after: { provision_state: 'manageable' },
  },
  {
    argv: ['node-provision', '--node', 'n1', '--action', 'rebuild', ...POLL],
    node: { provision_state: 'active' },
    after: { provision_state: 'active' },
  },
  {
    argv: ['node-maintenance', '--node', 'n1', '--maintenance', 'on', '--reason', 'rack move'],
    node: {},
    after: { maintenance: true, maintenance_reason: 'rack move' },
    waits: false,
  },
  {
    argv: ['node-reclean', '--node', 'n1', ...POLL],
    node: { provision_state: 'clean failed', last_error: 'bios step failed' },
    after: { provision_state: 'available' },
  },
];

it('covers every mutating Ironic step', () => {
  const ironicSteps = steps.filter((s) => s.mutating && s.name.startsWith('node-')).map((s) => s.name);
  // node-enroll creates its node: its own cases below.
  expect(new Set([...CASES.map((c) => c.argv[0]), 'node-enroll'])).toEqual(new Set(ironicSteps));
});

describe('node-enroll', () => {
  const MACS = ['52:54:00:aa:00:01', '52:54:00:aa:00:02'];
  const enroll = () =>
    step(
      [
        'node-enroll',
        '--name',
        'srv-1',
        '--driver',
        'redfish',
        '--bmc-address',
        'https://10.0.0.7',
        '--bmc-username',
        'admin',
        '--macs',
        JSON.stringify(MACS),
      ],
      { BMC_PASSWORD: 'bmc-secret', ARGO_WORKFLOW_NAME: WORKFLOW },
    );
  const enrolled = () => {
    const created = [...ironic.nodes.values()].filter((n) => n.name === 'srv-1');
    const portsOf = [...ironic.ports.values()].filter((p) => p.node_uuid === created[0]?.uuid);
    return { nodes: created.length, ports: portsOf.map((p) => p.address).sort() };
  };

  it('applied, answer lost, retried: the node created once, the run again reuses it', async () => {
    ironic.faults.add({
      applied: true,
      match: (r) => r.method === 'POST' && r.url === '/v1/nodes',
      reply: { reset: true },
    });
    const first = await enroll();
    // A POST is never repeated in-process: the lost answer is transient (exit 75), and Argo runs the step again.
    expect(first.code).toBe(75);
    const second = await enroll();
    expect(second.code).toBe(0);
    expect(second.result().message).toBe(`reused node srv-1, created port(s) ${MACS.join(', ')}`);
    expect(enrolled()).toEqual({ nodes: 1, ports: MACS });
  });

  it('exit 75, step run again: a port whose answer was lost is not created twice', async () => {
    ironic.faults.add({
      applied: true,
      match: (r) => r.method === 'POST' && r.url === '/v1/ports',
      reply: { reset: true },
    });
    expect((await enroll()).code).toBe(75);
    const second = await enroll();
    expect(second.code).toBe(0);
    expect(enrolled()).toEqual({ nodes: 1, ports: MACS });
    const portPosts = ironic.requests.filter((r) => r.method === 'POST' && r.url === '/v1/ports');
    expect(portPosts).toHaveLength(MACS.length);
  });
});

describe.each(CASES)('$argv.0 $argv.4', ({ argv, node, after, waits }) => {
  it('applied, answer lost, retried: resolved by reading the node, the change made once', async () => {
    addNode(node);
    ironic.faults.add({ applied: true, match: isChange, reply: { reset: true } });
    const run = await step(argv);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(run.code).toBe(0);
    expect(ironic.nodes.get(UUID)).toMatchObject(after);
    // Each state change the step asks for reaches Ironic once: the lost one is not repeated.
    const asked = stateChanges(ironic.requests);
    expect(new Set(asked).size).toBe(asked.length);
  }, 20_000);

  it('exit 75, step run again: the completed action is not repeated', async () => {
    addNode(node);
    const env = { ARGO_WORKFLOW_NAME: WORKFLOW };
    // The first run ends in exit 75 after its change was made: its wait times out before the node settles, or
    // (a step that does not wait) every answer is lost.
    if (waits === false) ironic.faults.add({ applied: true, match: isChange, reply: { reset: true }, times: 10 });
    const first = await step(waits === false ? argv : [...argv, '--timeout-seconds', '1'], env);
    expect(first.code).toBe(75);
    const firstAsked = stateChanges(ironic.requests);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const second = await step(argv, env);
    expect(second.code).toBe(0);
    expect(ironic.nodes.get(UUID)).toMatchObject(after);
    // The second run may go on where the first stopped (reclean: provide after manage), never ask again.
    const secondAsked = stateChanges(ironic.requests).slice(firstAsked.length);
    expect(secondAsked.filter((body) => firstAsked.includes(body))).toEqual([]);
  }, 20_000);
});

it('a clean whose step is run again before the record is followed by a change asks again (it was never made)', async () => {
  addNode({ extra: { [PROVISIONED_BY]: { workflow: WORKFLOW, action: 'clean', since: '2026-11-30T10:00:00+00:00' } } });
  const run = await step(['node-provision', '--node', 'n1', '--action', 'clean', ...CLEAN_STEPS, ...POLL], {
    ARGO_WORKFLOW_NAME: WORKFLOW,
  });
  expect(run.code).toBe(0);
  expect(changes()).toEqual(['PATCH /v1/nodes/{uuid}', 'PUT /v1/nodes/{uuid}/states/provision']);
  expect(ironic.nodes.get(UUID)!.extra![PROVISIONED_BY]).toEqual({
    workflow: WORKFLOW,
    action: 'clean',
    since: '2026-11-30T10:00:00+00:00',
  });
});

it('another Workflow cleans the node even though an earlier one recorded a clean', async () => {
  addNode({ extra: { [PROVISIONED_BY]: { workflow: 'other-wf', action: 'clean', since: 'earlier' } } });
  const run = await step(['node-provision', '--node', 'n1', '--action', 'clean', ...CLEAN_STEPS, ...POLL], {
    ARGO_WORKFLOW_NAME: WORKFLOW,
  });
  expect(run.code).toBe(0);
  expect(changes()).toContain('PUT /v1/nodes/{uuid}/states/provision');
});

it('the dry run of a retried clean says it would not clean again', async () => {
  addNode({
    provision_updated_at: '2026-11-30T11:00:00+00:00',
    extra: { [PROVISIONED_BY]: { workflow: WORKFLOW, action: 'clean', since: '2026-11-30T10:00:00+00:00' } },
  });
  const run = await step(['node-provision', '--node', 'n1', '--action', 'clean', ...CLEAN_STEPS, '--dry-run'], {
    ARGO_WORKFLOW_NAME: WORKFLOW,
  });
  expect(run.result().message).toBe(
    `would not clean node n1 again: workflow ${WORKFLOW} already asked to clean node n1 (extra.${PROVISIONED_BY})`,
  );
  expect(changes()).toEqual([]);
});

it('a retried clean that had failed exits 3 with the last error, and does not clean again', async () => {
  addNode({
    provision_state: 'clean failed',
    last_error: 'bios step failed',
    provision_updated_at: '2026-11-30T11:00:00+00:00',
    extra: { [PROVISIONED_BY]: { workflow: WORKFLOW, action: 'clean', since: '2026-11-30T10:00:00+00:00' } },
  });
  const run = await step(['node-provision', '--node', 'n1', '--action', 'clean', ...CLEAN_STEPS], {
    ARGO_WORKFLOW_NAME: WORKFLOW,
  });
  expect(run.code).toBe(3);
  expect(run.result().message).toBe(
    `workflow ${WORKFLOW} already asked to clean node n1 (extra.${PROVISIONED_BY}), and it ended "clean failed", not "manageable": bios step failed`,
  );
  expect(changes()).toEqual([]);
});

describe('node-power reboot', () => {
  const reboot = (workflow: string, extra: string[] = []) =>
    step(['node-power', '--node', 'n1', '--power', 'reboot', ...POLL, ...extra], { ARGO_WORKFLOW_NAME: workflow });
  const reboots = () => stateChanges(ironic.requests).filter((change) => change.includes('rebooting'));

  it('run again after it finished: does not reboot twice, says so; another Workflow does reboot', async () => {
    addNode({ power_state: 'power on' });
    expect((await reboot(WORKFLOW)).code).toBe(0);
    expect(ironic.nodes.get(UUID)!.extra![REBOOTED_BY]).toEqual({ workflow: WORKFLOW });
    const again = await reboot(WORKFLOW);
    expect(again.code).toBe(0);
    expect(again.result()).toMatchObject({
      outcome: 'unchanged',
      message: `workflow ${WORKFLOW} already rebooted node n1 (extra.${REBOOTED_BY}); it is "power on"`,
    });
    const dry = await reboot(WORKFLOW, ['--dry-run']);
    expect(dry.result().message).toBe(
      `would not reboot node n1 again: workflow ${WORKFLOW} already rebooted node n1 (extra.${REBOOTED_BY})`,
    );
    expect(reboots()).toHaveLength(1);

    const other = await reboot('other-wf');
    expect(other.result()).toMatchObject({ outcome: 'changed' });
    expect(reboots()).toHaveLength(2);
    expect(ironic.nodes.get(UUID)!.extra![REBOOTED_BY]).toEqual({ workflow: 'other-wf' });
  }, 20_000);

  it('a reboot Ironic refused withdraws its record, so the run again reboots', async () => {
    addNode({ power_state: 'power on' });
    ironic.faults.add({
      match: (r) => r.url.endsWith('/states/power'),
      reply: { status: 400, body: { error_message: '{"faultstring": "refused"}' } },
    });
    const refused = await reboot(WORKFLOW);
    expect(refused.code).toBe(3);
    expect(ironic.nodes.get(UUID)!.extra![REBOOTED_BY]).toBeNull();
    const again = await reboot(WORKFLOW);
    expect(again.result()).toMatchObject({ outcome: 'changed' });
    expect(reboots()).toHaveLength(2);
  }, 20_000);
});

describe('node-reclean minIntervalMinutes: a cool-down another Workflow cannot pass, recorded on the node', () => {
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const reclean = (workflow: string, minutes = '60') =>
    step(['node-reclean', '--node', 'n1', '--min-interval-minutes', minutes, ...POLL], {
      ARGO_WORKFLOW_NAME: workflow,
    });

  it('refuses (exit 3, changing nothing) a node another Workflow began recovering 10 minutes ago', async () => {
    addNode({
      provision_state: 'clean failed',
      extra: { [RECLEANED_BY]: { at: minutesAgo(10), workflow: 'ironic-node-recover-first' } },
    });
    const run = await reclean(WORKFLOW);
    expect(run.code).toBe(3);
    expect(run.message.trim()).toMatch(
      /^node n1 was last recovered 60\d s ago by ironic-node-recover-first \(extra\.opsflow_reclean\), less than the minimum interval of 60 minutes \(minIntervalMinutes\): not recovering it again$/,
    );
    expect(changes()).toEqual([]);
  });

  it('goes on for a retry of the same Workflow, and past the interval, recording who recovers it and when', async () => {
    addNode({
      provision_state: 'clean failed',
      extra: { [RECLEANED_BY]: { at: minutesAgo(10), workflow: WORKFLOW } },
    });
    expect((await reclean(WORKFLOW)).code).toBe(0);
    addNode({
      provision_state: 'clean failed',
      extra: { [RECLEANED_BY]: { at: minutesAgo(61), workflow: 'ironic-node-recover-first' } },
    });
    const before = Date.now();
    const run = await reclean(WORKFLOW);
    expect(run.code).toBe(0);
    expect(changes().slice(-3)).toEqual([
      'PATCH /v1/nodes/{uuid}',
      'PUT /v1/nodes/{uuid}/states/provision',
      'PUT /v1/nodes/{uuid}/states/provision',
    ]);
    const marker = ironic.nodes.get(UUID)!.extra![RECLEANED_BY] as { at: string; workflow: string };
    expect(marker.workflow).toBe(WORKFLOW);
    expect(Date.parse(marker.at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('records nothing and refuses nothing with the default 0', async () => {
    addNode({
      provision_state: 'clean failed',
      extra: { [RECLEANED_BY]: { at: minutesAgo(1), workflow: 'ironic-node-recover-first' } },
    });
    expect((await reclean(WORKFLOW, '0')).code).toBe(0);
    expect(changes()).toEqual(['PUT /v1/nodes/{uuid}/states/provision', 'PUT /v1/nodes/{uuid}/states/provision']);
  });
});
