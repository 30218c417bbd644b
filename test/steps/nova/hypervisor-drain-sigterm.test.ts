import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { steps } from '../../../src/steps/openstack/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { runCli } from '../runtime/harness.js';
import { type NovaWorld, startNovaWorld } from './harness.js';

let world: NovaWorld;
beforeEach(async () => {
  world = await startNovaWorld();
  world.nova.addHost('cmp1');
  world.nova.addHost('cmp2');
});
afterEach(() => world.close());

it('a drain stopped by SIGTERM exits 143 at once, saying which servers moved and which were moving', async () => {
  const fast = [1, 2].map((n) => world.nova.addServer({ host: 'cmp1', name: `web${n}` }));
  const slow = world.nova.addServer({ host: 'cmp1', name: 'slow' });
  world.nova.stuck.add(slow.id);
  const controller = new AbortController();
  const watch = setInterval(() => {
    if (fast.every((server) => server.host === 'cmp2')) {
      clearInterval(watch);
      setTimeout(() => controller.abort(new Error('terminated by SIGTERM')), 300);
    }
  }, 10);
  const argv = ['openstack', 'hypervisor-drain', '--host', 'cmp1', '--poll-interval-seconds', '0.1'];
  const started = Date.now();
  const run = await runCli(catalogFromSteps(steps), [...argv, '--concurrency', '3'], {
    env: world.env,
    signal: controller.signal,
  });
  clearInterval(watch);
  expect(run.code).toBe(143);
  expect(Date.now() - started).toBeLessThan(5000);
  const moved = fast.map((server) => ({ id: server.id, name: server.name, mode: 'live', to: 'cmp2' }));
  expect(run.result()).toMatchObject({
    outcome: 'failed',
    interrupted: true,
    exitCode: 143,
    message: 'interrupted by SIGTERM: moved 2 of 3 servers off cmp1 before being stopped; 1 were being moved (slow)',
    details: {
      host: 'cmp1',
      moved: expect.arrayContaining(moved),
      moving: [{ id: slow.id, name: 'slow', mode: 'live' }],
    },
  });
  const report = JSON.parse(readFileSync(join(run.outputDir, 'report'), 'utf8'));
  expect(report.moving).toEqual([{ id: slow.id, name: 'slow', mode: 'live' }]);
});
