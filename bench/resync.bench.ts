/**
 * `npm run bench -- resync`: the nightly Ironic → Nautobot resync of 2,000 nodes (2 ports each) against the fake
 * Keystone, Ironic and Nautobot (in a worker thread, like remote servers), every request delayed by 20 ms. The mix:
 * 1,840 nodes unchanged, 100 changed (provision state or a port's MAC), 60 new, 40 deleted from Ironic. Prints the
 * requests per server, write requests per unchanged node (target <= 0.05), wall time, the bound
 * (requests / concurrency * latency) and wall / bound (target <= 2). `RESYNC_CONCURRENCY` overrides the concurrency.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { catalog, NEW_DEVICE_FLAGS } from '../test/steps/nautobot/harness.js';
import { runCli } from '../test/steps/runtime/harness.js';
import type { Counts, Mix } from './resync-servers.worker.js';

const MIX: Mix = { nodes: 2000, changed: 100, added: 60, deleted: 40, latencyMs: 20 };
const CONCURRENCY = Number(process.env.RESYNC_CONCURRENCY ?? 4);

export default async function bench(): Promise<void> {
  // Workers do not inherit tsx's loader: register it in the thread, then load the TypeScript module.
  const script = new URL('./resync-servers.worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`,
    { eval: true },
  );
  try {
    worker.postMessage(MIX);
    const [{ env, ports }] = (await once(worker, 'message')) as [{ env: Record<string, string>; ports: number }];

    const started = performance.now();
    const run = await runCli(
      catalog,
      ['nautobot', 'resync', '--concurrency', String(CONCURRENCY), ...NEW_DEVICE_FLAGS],
      { env },
    );
    const wallMs = performance.now() - started;
    if (run.code !== 0) throw new Error(`resync failed (exit ${run.code}): ${run.stderr}`);

    worker.postMessage('stats');
    const [counts] = (await once(worker, 'message')) as [Counts];
    const total = Object.values(counts).reduce((sum, c) => sum + c.reads + c.writes, 0);
    const writes = counts.ironic.writes + counts.nautobot.writes;
    const unchanged = MIX.nodes - MIX.changed - MIX.added;
    const boundMs = (total / CONCURRENCY) * MIX.latencyMs;

    console.log(
      `nodes ${MIX.nodes} + ${MIX.deleted} deleted, ports ${ports}; mix: ${unchanged} unchanged, ${MIX.changed} changed, ${MIX.added} new`,
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
    worker.postMessage('close');
    await once(worker, 'exit');
  }
}
