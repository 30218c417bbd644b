import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NautobotClient } from '../../../src/clients/nautobot/index.js';
import { applyPlanning } from '../../../src/steps/nautobot/run/sync-common.js';
import type { SyncPlan } from '../../../src/sync/plan.js';

/** A Nautobot client whose bulk writes are recorded and settle as `answer` says (the order is what is tested). */
function recordingClient(answer: (method: string, endpoint: string) => Promise<unknown>) {
  const calls: string[] = [];
  const settled: string[] = [];
  const call = (method: string) => (endpoint: string) => {
    calls.push(`${method} ${endpoint}`);
    return answer(method, endpoint).finally(() => settled.push(`${method} ${endpoint}`));
  };
  const client = { create: call('POST'), update: call('PATCH'), delete: call('DELETE') };
  return { client: client as unknown as NautobotClient, calls, settled };
}

const device = {
  id: 'd1',
  name: 'n1',
  serial: '',
  status: 's',
  custom_fields: {},
  role: 'r',
  device_type: 't',
  location: 'l',
};
const plan: SyncPlan = {
  deviceCreates: [device],
  deviceUpdates: [{ id: 'd2', status: 's' }],
  interfaceCreates: [
    { id: 'p1', device: 'd3', name: 'eth0', type: 'other', mac_address: 'AA:BB:CC:DD:EE:01', status: 's' },
  ],
  interfaceUpdates: [{ id: 'i1', mac_address: 'AA:BB:CC:DD:EE:02' }],
  interfaceDeletes: [],
  unchanged: [],
  decommissioned: [],
};
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('applyPlanning', () => {
  it('sends the device writes before planning the rest, then the interface writes', async () => {
    const { client, calls } = recordingClient(async () => []);
    const planned = await applyPlanning(client, plan, async () => {
      expect(calls).toEqual(['POST dcim/devices/', 'PATCH dcim/devices/']);
      return plan;
    });
    expect(planned).toBe(plan);
    expect(calls.slice(2).sort()).toEqual(['PATCH dcim/interfaces/', 'POST dcim/interfaces/']);
  });

  it('sends no interface write after a device write failed while the rest was planned, and fails with its error', async () => {
    const refused = new Error('Nautobot refused POST dcim/devices/');
    const { client, calls } = recordingClient(async (method, endpoint) => {
      if (method === 'POST' && endpoint === 'dcim/devices/') throw refused;
      return [];
    });
    await expect(applyPlanning(client, plan, () => later(50, plan))).rejects.toBe(refused);
    expect(calls).toEqual(['POST dcim/devices/', 'PATCH dcim/devices/']);
  });

  it('fails with what planning the rest threw, once the device writes in flight have ended', async () => {
    const { client, settled } = recordingClient(() => later(50, []));
    const broken = new Error('no space left on device');
    await expect(
      applyPlanning(client, plan, async () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
    expect(settled.sort()).toEqual(['PATCH dcim/devices/', 'POST dcim/devices/']);
  });

  it('leaves no rejection unhandled when a device write fails while the rest is planned (a real process exits on one)', () => {
    // Jest catches unhandled rejections itself: the case runs in a Node process of its own.
    const module = fileURLToPath(new URL('../../../src/steps/nautobot/run/sync-common.ts', import.meta.url));
    const script = join(mkdtempSync(join(tmpdir(), 'opsflow-apply-')), 'refused.mts');
    writeFileSync(
      script,
      `import { applyPlanning } from ${JSON.stringify(module)};
const client = { create: async () => { throw new Error('refused'); }, update: async () => [], delete: async () => [] };
const plan = ${JSON.stringify(plan)};
await applyPlanning(client as never, plan, () => new Promise((r) => setTimeout(() => r(plan), 50))).catch((e) =>
  console.log('failed with', e.message),
);
`,
    );
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const run = spawnSync(tsx, [script], { encoding: 'utf8', timeout: 30_000 });
    expect({ status: run.status, stdout: run.stdout.trim() }).toEqual({ status: 0, stdout: 'failed with refused' });
  }, 30_000);
});
