import { REBOOTED_BY } from '../../../src/steps/openstack/nova-server-reboot.js';
import type { RecordedRequest } from '../../fakes/scripted-server.js';
import { type NovaWorld, startNovaWorld } from './harness.js';

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
