/**
 * `npm run bench -- resync`: the nightly Ironic → Nautobot resync of 2,000 nodes (2 ports each) against the fake
 * Keystone and Ironic (one worker thread) and Nautobot (another), like remote servers, every request delayed by 20 ms.
 * The mix: 1,840 nodes unchanged, 100 changed (provision state or a port's MAC), 60 new, 40 deleted from Ironic.
 * Prints the requests per server, write requests per unchanged node (target <= 0.05), wall time, the bound
 * (requests / concurrency * latency) and wall / bound (target <= 2), for the step's default concurrency and for 2
 * and 4 (`RESYNC_CONCURRENCY=n[,m...]` chooses others). Each configuration runs `RESYNC_RUNS` (default 3) times on freshly
 * seeded servers; the wall time is the median, with the range beside it (the machine may be shared).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ResyncInput } from '../src/steps/nautobot/inputs.js';
import { catalog, NEW_DEVICE_FLAGS } from '../test/steps/nautobot/harness.js';
import { runCli } from '../test/steps/runtime/harness.js';
import type { Counts, Mix, Side } from './resync-servers.worker.js';

const MIX: Mix = { nodes: 2000, changed: 100, added: 60, deleted: 40, latencyMs: 20 };
/** What `opsflow-step nautobot resync` runs with when `--concurrency` is not given. */
const STEP_DEFAULT = ResyncInput.parse({}).concurrency;
const CONCURRENCIES = process.env.RESYNC_CONCURRENCY
  ? process.env.RESYNC_CONCURRENCY.split(',').map(Number)
  : [...new Set([STEP_DEFAULT, 2, 4])].sort((a, b) => a - b);
const RUNS = Number(process.env.RESYNC_RUNS ?? 3);

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

interface Run {
  readonly wallMs: number;
  readonly counts: Counts;
  readonly details: unknown;
}

/** One measured resync on freshly seeded servers, after dry runs that warm the code up. */
async function measure(concurrency: number): Promise<Run> {
  const workers = [startSide('openstack'), startSide('nautobot')];
  try {
    const ready = await Promise.all(workers.map(async (w) => ((await once(w, 'message')) as [{ env: object }])[0]));
    const env = Object.assign({}, ...ready.map((r) => r.env)) as Record<string, string>;
    const argv = ['nautobot', 'resync', '--concurrency', String(concurrency), ...NEW_DEVICE_FLAGS];
    // Dry runs first load and optimise the code (tsx compiles on first use and V8 tiers up over a few runs; process
    // start-up is measured by the bundle bench); their requests are then forgotten.
    for (let i = 0; i < 3; i++) await runCli(catalog, [...argv, '--dry-run'], { env });
    await Promise.all(workers.map((w) => ask(w, 'reset')));

    const started = performance.now();
    const run = await runCli(catalog, argv, { env });
    const wallMs = performance.now() - started;
    if (run.code !== 0) throw new Error(`resync failed (exit ${run.code}): ${run.stderr}`);
    const counts: Counts = Object.assign({}, ...(await Promise.all(workers.map((w) => ask<Counts>(w, 'stats')))));
    return { wallMs, counts, details: (run.result() as { details: unknown }).details };
  } finally {
    await Promise.all(
      workers.map(async (w) => {
        w.postMessage('close');
        await once(w, 'exit');
      }),
    );
  }
}

export default async function bench(): Promise<void> {
  const unchanged = MIX.nodes - MIX.changed - MIX.added;
  console.log(
    `nodes ${MIX.nodes} (2 ports each) + ${MIX.deleted} deleted; ${unchanged} unchanged, ${MIX.changed} changed, ${MIX.added} new; latency ${MIX.latencyMs} ms per request; ${RUNS} runs per concurrency`,
  );
  for (const concurrency of CONCURRENCIES) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(concurrency));
    const walls = runs.map((r) => r.wallMs).sort((a, b) => a - b);
    const wallMs = walls[Math.floor(walls.length / 2)]!;
    const { counts, details } = runs[0]!;
    const total = Object.values(counts).reduce((sum, c) => sum + c.reads + c.writes, 0);
    const writes = Object.values(counts).reduce((sum, c) => sum + c.writes, 0);
    const boundMs = (total / concurrency) * MIX.latencyMs;
    const perUnchanged = writes / unchanged;
    const ratio = wallMs / boundMs;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

    console.log(`\n-- concurrency ${concurrency}${concurrency === STEP_DEFAULT ? ' (the step default)' : ''}`);
    console.log(`changes: ${JSON.stringify(details)}`);
    for (const [server, c] of Object.entries(counts))
      console.log(`requests ${server}: ${c.reads} reads, ${c.writes} writes`);
    console.log(`requests total: ${total}`);
    console.log(
      `write requests per unchanged node: ${perUnchanged.toFixed(4)} (target <= 0.05: ${verdict(perUnchanged <= 0.05)})`,
    );
    console.log(
      `wall time: ${wallMs.toFixed(0)} ms median (${walls.map((w) => w.toFixed(0)).join(', ')} ms; concurrency ${concurrency})`,
    );
    console.log(
      `bound: ${total} / ${concurrency} x ${MIX.latencyMs} ms = ${boundMs.toFixed(0)} ms; wall / bound = ${ratio.toFixed(2)}x (target <= 2x: ${verdict(ratio <= 2)})`,
    );
  }
}
