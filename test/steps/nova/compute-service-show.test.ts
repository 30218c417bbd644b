import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NovaWorld, startNovaWorld } from './harness.js';

let world: NovaWorld;
beforeEach(async () => {
  world = await startNovaWorld();
});
afterEach(() => world.close());

const output = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('openstack compute-service-show', () => {
  it('reports a down, disabled service with its reason, reading only', async () => {
    const service = world.nova.addHost('cmp1');
    service.state = 'down';
    service.status = 'disabled';
    service.disabled_reason = 'hypervisor down: NovaHypervisorDown';

    const run = await world.run(['openstack', 'compute-service-show', '--host', 'cmp1']);

    expect(run.code).toBe(0);
    expect(output(run.outputDir, 'state')).toBe('down');
    expect(output(run.outputDir, 'status')).toBe('disabled');
    expect(output(run.outputDir, 'disabledReason')).toBe('hypervisor down: NovaHypervisorDown');
    expect(run.result()).toMatchObject({
      outcome: 'unchanged',
      message: 'nova-compute on cmp1 is down and disabled (hypervisor down: NovaHypervisorDown)',
    });
    expect(world.nova.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an up, enabled service has an empty reason; an unknown host exits 3', async () => {
    world.nova.addHost('cmp1');
    const up = await world.run(['openstack', 'compute-service-show', '--host', 'cmp1']);
    expect(up.code).toBe(0);
    expect([output(up.outputDir, 'state'), output(up.outputDir, 'status')]).toEqual(['up', 'enabled']);
    expect(output(up.outputDir, 'disabledReason')).toBe('');

    const typo = await world.run(['openstack', 'compute-service-show', '--host', 'cmp9']);
    expect(typo.code).toBe(3);
    expect(typo.result().message).toBe('Nova has no nova-compute service on host "cmp9"');
  });
});
