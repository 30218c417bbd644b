/**
 * `npm run bench -- resync`: the nightly Ironic → Nautobot resync of N nodes (2 ports each) against the fake
 * Keystone and Ironic (one worker thread) and Nautobot (another), like remote servers, every request delayed by 20 ms.
 * Both fakes serve each listing page (and the Nautobot fake each GraphQL answer) rendered once (until their own next
 * write), and the Nautobot fake's write path is warmed before any run, so the bench measures the step. A GraphQL
 * query (a POST) counts as a read.
 * The mix: 5% of the nodes changed (provision state or a port's MAC), 3% new, and 2% more deleted from Ironic.
 *
 * For N = 2,000 and 20,000 and concurrency 2, 4 and 8 it prints the requests per server, write requests per unchanged
 * node (target <= 0.05), the wall time (median of `RESYNC_RUNS`, default 3, on freshly seeded servers), the true
 * bound and wall / bound (target <= 1.5). The bound is the larger of requests / concurrency x latency and the longest
 * chain of dependent requests x latency: Keystone's token, Ironic's version document, the longest Ironic listing
 * chain (a listing read from both ends: the ascending walk's pages, or one more than the descending walk's, which
 * starts after the first page), then one round of writes, or two when new devices get their interfaces after them.
 * Peak RSS of the step as its own process: the openstack image's bundle under `/usr/bin/time`, a real run on fresh
 * servers (target <= 300 MB at 20,000). `RESYNC_NODES=n[,m]` and `RESYNC_CONCURRENCY=n[,m...]` choose others; `BENCH_QUICK=1` runs one small case
 * once without targets (CI's check that the bench still works).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildBundle } from '../scripts/build-bundles.js';
import { catalog, NEW_DEVICE_FLAGS } from '../test/steps/nautobot/harness.js';
import { runCli } from '../test/steps/runtime/harness.js';
import { QUICK, verdict } from './quick.js';
import type { Counts, Listings, Mix, Side } from './resync-servers.worker.js';

const LATENCY_MS = 20;
const list = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map(Number) : fallback);
const SIZES = list(process.env.RESYNC_NODES, QUICK ? [200] : [2000, 20000]);
const CONCURRENCIES = list(process.env.RESYNC_CONCURRENCY, QUICK ? [2] : [2, 4, 8]);
const RUNS = QUICK ? 1 : Number(process.env.RESYNC_RUNS ?? 3);

const mixOf = (nodes: number): Mix => ({
  nodes,
  changed: Math.round(nodes * 0.05),
  added: Math.round(nodes * 0.03),
  deleted: Math.round(nodes * 0.02),
  latencyMs: LATENCY_MS,
});

/** The mix deletes more nodes than the step's default guard (100) allows at 20,000. */
const flagsFor = (mix: Mix) => [...NEW_DEVICE_FLAGS, '--max-decommission', String(mix.deleted)];

/** Workers do not inherit tsx's loader: register it in the thread, then load the TypeScript module. */
function startSide(mix: Mix, side: Side): Worker {
  const script = new URL('./resync-servers.worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`,
    { eval: true, workerData: { mix, side } },
  );
}

async function ask<T>(worker: Worker, message: string): Promise<T> {
  worker.postMessage(message);
  return ((await once(worker, 'message')) as [T])[0];
}

interface Run {
  readonly wallMs: number;
  /** CPU time of this thread, where the step runs (the servers have theirs), during the measured run. */
  readonly cpuMs: number;
  readonly counts: Counts;
  readonly listings: Listings;
  readonly details: Record<string, number>;
}

/** Fresh servers for one measurement: the environment a step needs, and a way to stop them. */
async function withServers<T>(mix: Mix, use: (env: Record<string, string>, workers: Worker[]) => Promise<T>) {
  const workers = [startSide(mix, 'openstack'), startSide(mix, 'nautobot')];
  try {
    const ready = await Promise.all(workers.map(async (w) => ((await once(w, 'message')) as [{ env: object }])[0]));
    return await use(Object.assign({}, ...ready.map((r) => r.env)) as Record<string, string>, workers);
  } finally {
    await Promise.all(
      workers.map(async (w) => {
        w.postMessage('close');
        await once(w, 'exit');
      }),
    );
  }
}

/** `process.threadCpuUsage` (Node >= 23.9; this project's @types/node predates it). */
const threadCpuUsage = (
  process as unknown as { threadCpuUsage: (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage }
).threadCpuUsage.bind(process);

/** One measured resync in this process on freshly seeded servers, after dry runs that warm the code up. */
function measure(mix: Mix, concurrency: number): Promise<Run> {
  return withServers(mix, async (env, workers) => {
    const argv = ['nautobot', 'resync', '--concurrency', String(concurrency), ...flagsFor(mix)];
    // Dry runs first load and optimise the code (tsx compiles on first use and V8 tiers up over a few runs; process
    // start-up is measured by the bundle bench); their requests are then forgotten.
    for (let i = 0; i < (QUICK ? 1 : 3); i++) await runCli(catalog, [...argv, '--dry-run'], { env });
    await Promise.all(workers.map((w) => ask(w, 'reset')));
    const started = performance.now();
    const cpuBefore = threadCpuUsage();
    const run = await runCli(catalog, argv, { env });
    const wallMs = performance.now() - started;
    const cpu = threadCpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (run.code !== 0) throw new Error(`resync failed (exit ${run.code}): ${run.stderr}`);
    const counts: Counts = Object.assign({}, ...(await Promise.all(workers.map((w) => ask<Counts>(w, 'stats')))));
    const listings = await ask<Listings>(workers[0]!, 'listings');
    return { wallMs, cpuMs, counts, listings, details: (run.result() as { details: Record<string, number> }).details };
  });
}

/** Peak RSS (MB) of `opsflow-step nautobot resync` (the image's bundle) as its own process, on fresh servers. */
function peakRssMb(mix: Mix, entry: string, outputDir: string): Promise<number> {
  return withServers(mix, async (env) => {
    const argv = ['-f', 'maxrss-kb %M', process.execPath, entry, 'nautobot', 'resync', ...flagsFor(mix)];
    const child = spawn('/usr/bin/time', argv, {
      env: { ...process.env, ...env, NODE_OPTIONS: '', OPSFLOW_OUTPUT_DIR: outputDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(child, 'exit')) as [number];
    const kb = /maxrss-kb (\d+)/.exec(stderr)?.[1];
    if (code !== 0 || !kb) throw new Error(`resync process failed (exit ${code}): ${stderr.slice(-2000)}`);
    return Number(kb) / 1024;
  });
}

/** Sequential requests: token, version document, the longest listing chain, the write rounds. */
function longestChain(listings: Listings, details: Record<string, number>): number {
  const walk = (path: string) => Math.max(listings[`${path} asc`] ?? 0, 1 + (listings[`${path} desc`] ?? 0));
  const writeRounds = details.devicesCreated && details.interfacesCreated ? 2 : 1;
  return 2 + Math.max(walk('/v1/nodes'), walk('/v1/ports')) + writeRounds;
}

export default async function bench(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'opsflow-bench-resync-'));
  try {
    const bundle = await buildBundle('openstack', join(scratch, 'dist'));
    for (const nodes of SIZES) await benchSize(nodes, bundle.entry, join(scratch, 'outputs'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function benchSize(nodes: number, entry: string, outputDir: string): Promise<void> {
  const mix = mixOf(nodes);
  const unchanged = mix.nodes - mix.changed - mix.added;
  console.log(
    `\n-- ${mix.nodes} nodes (2 ports each) + ${mix.deleted} deleted; ${unchanged} unchanged, ${mix.changed} changed, ${mix.added} new; latency ${LATENCY_MS} ms per request; ${RUNS} run(s) per concurrency`,
  );
  for (const concurrency of CONCURRENCIES) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(mix, concurrency));
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const walls = runs.map((r) => r.wallMs);
    const wallMs = median(walls);
    const cpuMs = median(runs.map((r) => r.cpuMs));
    const { counts, listings, details } = runs[0]!;
    const total = Object.values(counts).reduce((sum, c) => sum + c.reads + c.writes, 0);
    const writes = Object.values(counts).reduce((sum, c) => sum + c.writes, 0);
    const chain = longestChain(listings, details);
    const boundMs = Math.max(total / concurrency, chain) * LATENCY_MS;
    const perUnchanged = writes / unchanged;
    const ratio = wallMs / boundMs;
    console.log(`\nconcurrency ${concurrency}: changes ${JSON.stringify(details)}`);
    console.log(
      `  requests: ${Object.entries(counts)
        .map(([server, c]) => `${server} ${c.reads} reads + ${c.writes} writes`)
        .join(', ')}; total ${total}; Ironic listing pages ${JSON.stringify(listings)}`,
    );
    console.log(
      `  write requests per unchanged node: ${perUnchanged.toFixed(4)} (target <= 0.05: ${verdict(perUnchanged <= 0.05)})`,
    );
    console.log(
      `  wall ${wallMs.toFixed(0)} ms (median of ${walls.map((w) => w.toFixed(0)).join(', ')}); bound max(${total} / ${concurrency}, chain ${chain}) x ${LATENCY_MS} ms = ${boundMs.toFixed(0)} ms; wall / bound ${ratio.toFixed(2)}x (target <= 1.5x: ${verdict(ratio <= 1.5)})`,
    );
    console.log(`  CPU of the step's thread ${cpuMs.toFixed(0)} ms (median; load average ${loadavg()[0]!.toFixed(2)})`);
  }
  const rss = await peakRssMb(mix, entry, outputDir);
  console.log(
    `\npeak RSS of the resync process, ${mix.nodes} nodes: ${rss.toFixed(0)} MB (target <= 300 MB: ${verdict(rss <= 300)})`,
  );
}
