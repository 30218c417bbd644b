/**
 * `npm run bench -- resync`: the nightly Ironic → Nautobot resync of 2,000 nodes (2 ports each) against the fake
 * Keystone and Ironic (one worker thread) and Nautobot (another), like remote servers, every request delayed by 20 ms.
 * The mix: 1,840 nodes unchanged, 100 changed (provision state or a port's MAC), 60 new, 40 deleted from Ironic.
 * Prints the requests per server, write requests per unchanged node (target <= 0.05), wall time, the bound
 * (requests / concurrency * latency) and wall / bound (target <= 2). `RESYNC_CONCURRENCY` overrides the concurrency.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { catalog, NEW_DEVICE_FLAGS } from '../test/steps/nautobot/harness.js';
import { runCli } from '../test/steps/runtime/harness.js';
import type { Counts, Mix, Side } from './resync-servers.worker.js';

const MIX: Mix = { nodes: 2000, changed: 100, added: 60, deleted: 40, latencyMs: 20 };
const CONCURRENCY = Number(process.env.RESYNC_CONCURRENCY ?? 2);

/** Workers do not inherit tsx's loader: register it in the thread, then load the TypeScript module. */
function startSide(side: Side): Worker {
  const script = new URL('./resync-servers.worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`,
    { eval: true, workerData: { mix: MIX, side } },
  );
}

async function ask<T>(worker: Worker, message: string): Promise<T> {
  worker.postMessage(message);
  return ((await once(worker, 'message')) as [T])[0];
}

export default async function bench(): Promise<void> {
  const workers = [startSide('openstack'), startSide('nautobot')];
  try {
    const ready = await Promise.all(workers.map(async (w) => ((await once(w, 'message')) as [{ env: object }])[0]));
    const env = Object.assign({}, ...ready.map((r) => r.env)) as Record<string, string>;
    const argv = ['nautobot', 'resync', '--concurrency', String(CONCURRENCY), ...NEW_DEVICE_FLAGS];
    // Dry runs first load and optimise the code (tsx compiles on first use and V8 tiers up over a few runs; process
    // start-up is measured by the bundle bench); their requests are then forgotten.
    for (let i = 0; i < 3; i++) await runCli(catalog, [...argv, '--dry-run'], { env });
    await Promise.all(workers.map((w) => ask(w, 'reset')));

    const started = performance.now();
    const run = await runCli(catalog, argv, { env });
    const wallMs = performance.now() - started;
    if (run.code !== 0) throw new Error(`resync failed (exit ${run.code}): ${run.stderr}`);

    const counts: Counts = Object.assign({}, ...(await Promise.all(workers.map((w) => ask<Counts>(w, 'stats')))));
    const total = Object.values(counts).reduce((sum, c) => sum + c.reads + c.writes, 0);
    const writes = Object.values(counts).reduce((sum, c) => sum + c.writes, 0);
    const unchanged = MIX.nodes - MIX.changed - MIX.added;
    const boundMs = (total / CONCURRENCY) * MIX.latencyMs;

    console.log(
      `nodes ${MIX.nodes} (2 ports each) + ${MIX.deleted} deleted; ${unchanged} unchanged, ${MIX.changed} changed, ${MIX.added} new`,
    );
    console.log(`changes: ${JSON.stringify((run.result() as { details: unknown }).details)}`);
    for (const [server, c] of Object.entries(counts))
      console.log(`requests ${server}: ${c.reads} reads, ${c.writes} writes`);
    console.log(`requests total: ${total}`);
    console.log(`write requests per unchanged node: ${(writes / unchanged).toFixed(4)} (target <= 0.05)`);
    console.log(
      `wall time: ${wallMs.toFixed(0)} ms (latency ${MIX.latencyMs} ms per request, concurrency ${CONCURRENCY})`,
    );
    console.log(
      `bound: ${total} / ${CONCURRENCY} x ${MIX.latencyMs} ms = ${boundMs.toFixed(0)} ms; wall / bound = ${(wallMs / boundMs).toFixed(2)}x (target <= 2x)`,
    );
  } finally {
    await Promise.all(
      workers.map(async (w) => {
        w.postMessage('close');
        await once(w, 'exit');
      }),
    );
  }
}
