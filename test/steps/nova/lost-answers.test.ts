import { MIGRATED_BY } from '../../../src/steps/openstack/run/nova-server-migrate.js';
import { REBOOTED_BY } from '../../../src/steps/openstack/run/nova-server-reboot.js';
import type { RecordedRequest } from '../../fakes/scripted-server.js';
import { type NovaWorld, novaWrites, startNovaWorld } from './harness.js';

/**
 * The Nova steps when the answer to a change is lost after Nova applied it (the connection resets once the server is
 * already rebooting, migrating, the service already disabled), and when a step is run again after an exit 75 (Argo's
 * retry of the same Workflow).
 */
const WORKFLOW = 'nova-server-reboot-x7k2p';
const fast = ['--poll-interval-seconds', '0.1'];
const isAction = (r: RecordedRequest) => r.method === 'POST' && r.url.endsWith('/action');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let world: NovaWorld;
afterEach(() => world.close());

describe('server-reboot', () => {
  beforeEach(async () => {
    world = await startNovaWorld({ transitionMs: 1200 });
  });
  const reboot = (id: string, workflow = WORKFLOW, extra: string[] = []) =>
    world.run(['openstack', 'server-reboot', '--server', id, ...fast, ...extra], { ARGO_WORKFLOW_NAME: workflow });
  const reboots = () => world.nova.actions.filter((a) => a.action === 'reboot').length;

  it('applied, answer lost, retried: Nova recorded the reboot, so the step waits for it and does not ask again', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    world.nova.faults.add({ applied: true, match: isAction, reply: { reset: true } });
    const run = await reboot(vm.id);
    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'changed' });
    expect(run.logs).toContainEqual(expect.objectContaining({ event: 'answer-lost', applied: true }));
    expect(reboots()).toBe(1);
    expect(vm.status).toBe('ACTIVE');
  }, 20_000);

  it('exit 75, step run again: the finished reboot is not repeated', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    const first = await reboot(vm.id, WORKFLOW, ['--timeout-seconds', '1']);
    expect(first.code).toBe(75);
    expect(JSON.parse(vm.metadata[REBOOTED_BY]!)).toEqual({
      workflow: WORKFLOW,
      after: world.nova.actions[0]!.request_id,
    });
    await sleep(400);
    expect(vm.status).toBe('ACTIVE');
    const second = await reboot(vm.id);
    expect(second.code).toBe(0);
    expect(second.result()).toMatchObject({
      outcome: 'unchanged',
      message: `workflow ${WORKFLOW} already rebooted server ${vm.name} (${vm.id}) (metadata ${REBOOTED_BY}); it is ACTIVE`,
    });
    const dry = await reboot(vm.id, WORKFLOW, ['--dry-run']);
    expect(dry.result().message).toMatch(/^would not reboot server .* again: workflow /);
    expect(reboots()).toBe(1);
  }, 20_000);

  it('a reboot whose request was lost before it reached Nova is asked again by the run again', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    world.nova.faults.add({ match: isAction, reply: { reset: true } });
    const first = await reboot(vm.id);
    expect(first.code).toBe(75);
    expect(first.logs).toContainEqual(expect.objectContaining({ event: 'answer-lost', applied: false }));
    expect(reboots()).toBe(0);
    const second = await reboot(vm.id);
    expect(second.result()).toMatchObject({ outcome: 'changed' });
    expect(reboots()).toBe(1);
  }, 20_000);

  it('another Workflow reboots a server an earlier one rebooted, and takes the record over', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    expect((await reboot(vm.id)).code).toBe(0);
    const other = await reboot(vm.id, 'other-wf');
    expect(other.result()).toMatchObject({ outcome: 'changed' });
    expect(reboots()).toBe(2);
    expect(JSON.parse(vm.metadata[REBOOTED_BY]!)).toMatchObject({ workflow: 'other-wf' });
  }, 20_000);
});

describe.each([
  { mode: 'live', action: 'live-migration', status: 'ACTIVE' },
  { mode: 'cold', action: 'migrate', status: 'SHUTOFF' },
] as const)('server-migrate $mode', ({ mode, action, status }) => {
  beforeEach(async () => {
    world = await startNovaWorld({ transitionMs: 1200 });
    world.nova.addHost('cmp1');
    world.nova.addHost('cmp2');
    world.nova.addHost('cmp3');
  });
  const migrate = (id: string, workflow = WORKFLOW, extra: string[] = []) =>
    world.run(['openstack', 'server-migrate', '--server', id, '--mode', mode, ...fast, ...extra], {
      ARGO_WORKFLOW_NAME: workflow,
    });
  const moves = () => world.nova.actions.filter((a) => a.action === action).length;

  it('applied, answer lost, retried: Nova recorded the migration, so the step waits for it and does not ask again', async () => {
    const vm = world.nova.addServer({ host: 'cmp1', status });
    world.nova.faults.add({ applied: true, match: isAction, reply: { reset: true } });
    const run = await migrate(vm.id);
    expect(run.code).toBe(0);
    expect(run.logs).toContainEqual(expect.objectContaining({ event: 'answer-lost', applied: true }));
    expect(moves()).toBe(1);
    expect(vm).toMatchObject({ host: 'cmp2', status });
  }, 20_000);

  it('exit 75, step run again: the finished migration is not repeated (the scheduler would pick yet another host)', async () => {
    const vm = world.nova.addServer({ host: 'cmp1', status });
    const first = await migrate(vm.id, WORKFLOW, ['--timeout-seconds', '1']);
    expect(first.code).toBe(75);
    expect(JSON.parse(vm.metadata[MIGRATED_BY]!)).toMatchObject({ workflow: WORKFLOW });
    await sleep(400);
    const second = await migrate(vm.id);
    expect(second.code).toBe(0);
    expect(moves()).toBe(1);
    expect(vm).toMatchObject({ host: 'cmp2', status });
    // The cold one ended its first run waiting for VERIFY_RESIZE: the run again confirms it, then nothing more.
    const third = await migrate(vm.id);
    expect(third.result()).toMatchObject({
      outcome: 'unchanged',
      message: `workflow ${WORKFLOW} already migrated server ${vm.name} (${vm.id}) (metadata ${MIGRATED_BY}); it runs on cmp2`,
    });
    expect(moves()).toBe(1);
    const other = await migrate(vm.id, 'other-wf');
    expect(other.result()).toMatchObject({ outcome: 'changed' });
    expect(moves()).toBe(2);
  }, 30_000);
});

describe.each([
  { step: 'service-disable', args: ['--reason', 'disk swap'], status: 'enabled', after: 'disabled' },
  { step: 'service-enable', args: [], status: 'disabled', after: 'enabled' },
] as const)('$step', ({ step, args, status, after }) => {
  beforeEach(async () => {
    world = await startNovaWorld();
  });
  const run = () => world.run(['openstack', step, '--host', 'cmp1', ...args]);
  const puts = () => novaWrites(world.nova).filter((w) => w.method === 'PUT');

  it('applied, answer lost, retried: the PUT is repeated (it sets a fixed status) and the step succeeds', async () => {
    const service = world.nova.addHost('cmp1');
    service.status = status;
    world.nova.faults.add({ applied: true, match: (r) => r.method === 'PUT', reply: { reset: true } });
    const done = await run();
    expect(done.code).toBe(0);
    expect(done.result()).toMatchObject({ outcome: 'changed', details: { status: after } });
    expect(service.status).toBe(after);
    expect(puts()).toHaveLength(2);
  });

  it('exit 75, step run again: the status it set stays, nothing is written again', async () => {
    const service = world.nova.addHost('cmp1');
    service.status = status;
    world.nova.faults.add({ applied: true, match: (r) => r.method === 'PUT', reply: { reset: true }, times: 10 });
    const first = await run();
    expect(first.code).toBe(75);
    expect(service.status).toBe(after);
    const written = puts().length;
    const second = await run();
    expect(second.code).toBe(0);
    expect(second.result()).toMatchObject({ outcome: 'unchanged' });
    expect(puts()).toHaveLength(written);
  }, 30_000);
});

describe('hypervisor-drain', () => {
  beforeEach(async () => {
    world = await startNovaWorld({ transitionMs: 300 });
    world.nova.addHost('cmp1');
    world.nova.addHost('cmp2');
  });
  const drain = () =>
    world.run(['openstack', 'hypervisor-drain', '--host', 'cmp1', ...fast], { ARGO_WORKFLOW_NAME: WORKFLOW });

  it('applied, answer lost, retried: a live migration whose answer was lost is waited for, not asked again', async () => {
    const vm = world.nova.addServer({ host: 'cmp1' });
    world.nova.faults.add({ applied: true, match: isAction, reply: { reset: true } });
    const run = await drain();
    expect(run.code).toBe(0);
    expect(run.result().message).toBe('moved 1 servers off cmp1 (nova-compute disabled)');
    expect(world.nova.actions.filter((a) => a.action === 'live-migration')).toHaveLength(1);
    expect(vm.host).toBe('cmp2');
  }, 20_000);

  it('exit 75, step run again: only what is left on the host moves, once', async () => {
    const moved = world.nova.addServer({ host: 'cmp1', name: 'a' });
    const lost = world.nova.addServer({ host: 'cmp1', name: 'b' });
    // b's request never reaches Nova: the first run ends 75 with a moved, b not.
    world.nova.faults.add({ match: (r) => isAction(r) && r.url.includes(lost.id), reply: { reset: true } });
    const first = await drain();
    expect(first.code).toBe(75);
    expect(moved.host).toBe('cmp2');
    const second = await drain();
    expect(second.code).toBe(0);
    expect(lost.host).toBe('cmp2');
    expect(world.nova.actions.filter((a) => a.action === 'live-migration').map((a) => a.instance_uuid)).toEqual([
      moved.id,
      lost.id,
    ]);
  }, 20_000);
});
