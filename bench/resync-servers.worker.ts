/**
 * One side of the resync bench's servers, in its own thread so that its CPU (rendering thousands of objects) stalls
 * neither the client being measured nor the other side, as real remote servers would not: `openstack` runs the fake
 * Keystone and Ironic (listing pages rendered once: `cacheListings`), `nautobot` the fake Nautobot. Seeds its part of
 * the mix, posts the environment, answers `stats` with the requests it received and `reset` by forgetting them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeIronic } from '../test/fakes/ironic/server.js';
import { startFakeKeystone } from '../test/fakes/keystone/server.js';
import { type FakeNautobot, isWrite, startFakeNautobot } from '../test/fakes/nautobot/server.js';
import type { RecordedRequest, ScriptedServer } from '../test/fakes/scripted-server.js';
import { addNode } from '../test/steps/nautobot/harness.js';

export interface Mix {
  readonly nodes: number;
  readonly changed: number;
  readonly added: number;
  readonly deleted: number;
  readonly latencyMs: number;
}
export type Side = 'openstack' | 'nautobot';
export type Counts = Record<string, { reads: number; writes: number }>;
/** Ironic listing requests per path and direction, e.g. `/v1/ports desc`: the marker chains of the run. */
export type Listings = Record<string, number>;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const mac = (n: number, port: number) =>
  `52:54:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}:0${port}`;

const { mix, side } = workerData as { mix: Mix; side: Side };
const servers: Record<string, ScriptedServer> = {};
let env: Record<string, string>;

if (side === 'openstack') {
  const catalog: Record<string, string> = {};
  const keystone = await startFakeKeystone(catalog, { latencyMs: mix.latencyMs });
  const ironic = await startFakeIronic({
    latencyMs: mix.latencyMs,
    isValidToken: keystone.isValid,
    cacheListings: true,
  });
  catalog.baremetal = ironic.url;
  for (let n = 0; n < mix.nodes; n++) addNode(ironic, { uuid: uuid(n), name: `node-${n}` }, [mac(n, 0), mac(n, 1)]);
  Object.assign(servers, { keystone, ironic });
  env = keystone.env;
} else {
  const nautobot = await startFakeNautobot({ latencyMs: mix.latencyMs });
  const active = nautobot.statusId('Active');
  const staged = nautobot.statusId('Staged');
  // Nodes [0, changed) differ (even: provision state; odd: a port's MAC), the last `added` nodes are not in
  // Nautobot yet, and `deleted` more devices have no node any more.
  for (let n = 0; n < mix.nodes + mix.deleted; n++) {
    if (n >= mix.nodes - mix.added && n < mix.nodes) continue;
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
  await warmWrites(nautobot, active);
  servers.nautobot = nautobot;
  env = { NAUTOBOT_URL: nautobot.url, NAUTOBOT_TOKEN: nautobot.token };
}

const port = parentPort!;
/** Reads and writes (a GraphQL query, a POST, only reads: isWrite; Ironic's writes are its non-GETs alike). */
const count = (requests: RecordedRequest[]) => {
  const writes = requests.filter(isWrite).length;
  return { reads: requests.length - writes, writes };
};
port.on('message', async (message: string) => {
  if (message === 'listings') {
    const listings: Listings = {};
    for (const request of servers.ironic?.requests ?? []) {
      const url = new URL(request.url, 'http://x');
      if (!/^\/v1\/(nodes|ports)$/.test(url.pathname)) continue;
      const key = `${url.pathname} ${url.searchParams.get('sort_dir') ?? 'asc'}`;
      listings[key] = (listings[key] ?? 0) + 1;
    }
    port.postMessage(listings);
  } else if (message === 'stats') {
    // Issuing a token is a POST but changes no inventory: counted as a read.
    const counts: Counts = Object.fromEntries(
      Object.entries(servers).map(([name, s]) => [
        name,
        name === 'keystone' ? { reads: s.requests.length, writes: 0 } : count(s.requests),
      ]),
    );
    port.postMessage(counts);
  } else if (message === 'reset') {
    for (const s of Object.values(servers)) s.requests.length = 0;
    port.postMessage('reset');
  } else if (message === 'close') {
    await Promise.all(Object.values(servers).map((s) => s.close()));
    port.close();
  }
});
port.postMessage({ env });

/**
 * The fake's write path, run a few times before any measured run. The dry runs that warm the step write nothing, so
 * the measured run's writes would otherwise meet the fake's code cold: its first bulk POST of 500 devices took
 * 20-36 ms where a warm one takes 8-13 ms. That is the fake's cost, not the step's. Without latency, and forgotten
 * after.
 */
async function warmWrites(nautobot: FakeNautobot, status: string): Promise<void> {
  const latencyMs = nautobot.faults.latencyMs;
  nautobot.faults.latencyMs = 0;
  const send = async (method: string, collection: string, body: object[]) => {
    const res = await fetch(`${nautobot.url}/api/${collection}/`, {
      method,
      headers: { authorization: `Token ${nautobot.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`warming the fake Nautobot: ${method} ${collection} answered ${res.status}`);
    await res.arrayBuffer();
  };
  const devices = Array.from({ length: 500 }, (_, n) => `ffffffff-0000-4000-8000-${String(n).padStart(12, '0')}`);
  const interfaceOf = (device: string) => device.replace('ffffffff', 'eeeeeeee');
  for (let round = 0; round < 5; round++) {
    await send(
      'POST',
      'dcim/devices',
      devices.map((id, n) => ({
        id,
        name: `warm-${n}`,
        status,
        role: 'r',
        device_type: 'dt',
        location: 'l',
        custom_fields: { ironic_provision_state: 'active' },
      })),
    );
    await send(
      'PATCH',
      'dcim/devices',
      devices.map((id) => ({ id, serial: `W-${round}` })),
    );
    await send(
      'POST',
      'dcim/interfaces',
      devices.map((id) => ({ id: interfaceOf(id), device: id, name: 'eth0', type: 'other', status })),
    );
    await send(
      'PATCH',
      'dcim/interfaces',
      devices.map((id) => ({ id: interfaceOf(id), mac_address: '52:54:00:00:00:02' })),
    );
    await send(
      'DELETE',
      'dcim/interfaces',
      devices.map((id) => ({ id: interfaceOf(id) })),
    );
    await send(
      'DELETE',
      'dcim/devices',
      devices.map((id) => ({ id })),
    );
  }
  nautobot.faults.latencyMs = latencyMs;
  nautobot.requests.length = 0;
}
