/**
 * The resync bench's servers, in their own thread so their CPU (rendering thousands of objects) does not stall the
 * client being measured, as real Ironic and Nautobot would not. Seeds the mix, posts the environment, answers
 * `stats` with the requests each server received and `reset` by forgetting them.
 */
import { parentPort } from 'node:worker_threads';
import type { RecordedRequest } from '../test/fakes/scripted-server.js';
import { addNode, startSyncWorld } from '../test/steps/nautobot/harness.js';

export interface Mix {
  readonly nodes: number;
  readonly changed: number;
  readonly added: number;
  readonly deleted: number;
  readonly latencyMs: number;
}
export type Counts = Record<'keystone' | 'ironic' | 'nautobot', { reads: number; writes: number }>;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const mac = (n: number, port: number) =>
  `52:54:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}:0${port}`;

const port = parentPort!;
port.once('message', async (mix: Mix) => {
  const world = await startSyncWorld({ latencyMs: mix.latencyMs });
  const { ironic, nautobot } = world;
  const active = nautobot.statusId('Active');
  const staged = nautobot.statusId('Staged');
  // Nodes [0, changed) differ (even: provision state; odd: a port's MAC), the last `added` are not in Nautobot yet,
  // and `deleted` more are in Nautobot only.
  for (let n = 0; n < mix.nodes + mix.deleted; n++) {
    const inIronic = n < mix.nodes;
    if (inIronic) addNode(ironic, { uuid: uuid(n), name: `node-${n}` }, [mac(n, 0), mac(n, 1)]);
    if (inIronic && n >= mix.nodes - mix.added) continue;
    const changed = n < mix.changed;
    nautobot.seed('dcim/devices', {
      id: uuid(n),
      name: `node-${n}`,
      serial: `SN-${uuid(n).slice(0, 4)}`,
      status: changed && n % 2 === 0 ? staged : active,
      role: 'r',
      device_type: 'dt',
      location: 'l',
      custom_fields: { ironic_provision_state: changed && n % 2 === 0 ? 'available' : 'active' },
    });
    for (const p of [0, 1]) {
      const address = changed && n % 2 === 1 && p === 1 ? '52:54:00:ff:ff:ff' : mac(n, p);
      nautobot.seed('dcim/interfaces', {
        device: uuid(n),
        name: `eth${p}`,
        type: 'other',
        mac_address: address,
        status: active,
      });
    }
  }
  port.postMessage({ env: world.env, ports: ironic.ports.size });

  const count = (requests: RecordedRequest[]) => ({
    reads: requests.filter((r) => r.method === 'GET').length,
    writes: requests.filter((r) => r.method !== 'GET').length,
  });
  port.on('message', async (message: string) => {
    if (message === 'stats') {
      // Issuing a token is a POST but changes no inventory: counted as a read.
      const counts: Counts = {
        keystone: { reads: world.keystone.requests.length, writes: 0 },
        ironic: count(ironic.requests),
        nautobot: count(nautobot.requests),
      };
      port.postMessage(counts);
    } else if (message === 'reset') {
      for (const fake of [world.keystone, ironic, nautobot]) fake.requests.length = 0;
      port.postMessage('reset');
    } else if (message === 'close') {
      await world.close();
      port.close();
    }
  });
});
