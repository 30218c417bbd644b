/**
 * Bundle size and start-up time of each `opsflow-step` bundle. Builds the bundles into dist/ first (as
 * `npm run build` does), then times `node dist/<bundle>/opsflow-step.mjs --help` against `node -e 0`, interleaved
 * so load on the machine hits both alike. Targets (issue 3): at most 5 MB (AWS 10 MB), start-up within 1.5x.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltBundle, buildBundle, bundles } from '../scripts/build-bundles.js';

const RUNS = 11;
const dist = resolve(fileURLToPath(import.meta.url), '../../dist');

function timeMs(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export default async function bench(): Promise<void> {
  const built: BuiltBundle[] = [];
  for (const name of bundles) built.push(await buildBundle(name, dist));

  const baseline: number[] = [];
  const startups = new Map<string, number[]>(built.map((bundle) => [bundle.name, []]));
  for (let run = 0; run < RUNS; run++) {
    baseline.push(timeMs(['-e', '0']));
    for (const bundle of built) startups.get(bundle.name)?.push(timeMs([bundle.entry, '--help']));
  }
  const base = median(baseline);
  console.log(`node ${process.version}, median of ${RUNS} runs; node -e 0: ${base.toFixed(1)} ms`);
  console.log('bundle      steps  start-up KB  total MB  limit MB  size   --help ms  ratio  start-up');
  for (const bundle of built) {
    const limit = bundle.name === 'aws' ? 10 : 5;
    const total = bundle.totalBytes / 1024 / 1024;
    const help = median(startups.get(bundle.name) ?? []);
    const ratio = help / base;
    console.log(
      [
        bundle.name.padEnd(10),
        String(bundle.steps).padStart(5),
        (bundle.startupBytes / 1024).toFixed(1).padStart(12),
        total.toFixed(2).padStart(9),
        String(limit).padStart(9),
        (total <= limit ? 'ok' : 'OVER').padStart(5),
        help.toFixed(1).padStart(10),
        `${ratio.toFixed(2)}x`.padStart(6),
        (ratio <= 1.5 ? 'ok' : 'OVER').padStart(9),
      ].join(' '),
    );
  }
  console.log(`bundles in ${join(dist, '<bundle>')}`);
}
