/**
 * Bundle size and start-up time of each `opsflow-step` bundle. Builds the bundles into dist/ first (as
 * `npm run build` does), then times against `node -e 0`, interleaved so load on the machine hits both alike:
 * `--help` (the entry alone: runtime, CLI, embedded manifests) and a step start (`<system> <step>` without inputs:
 * the entry plus the step's family chunk and its API client, up to input validation, exit 2), which is what every
 * workflow step pays. Targets (issue 3): at most 5 MB (AWS 10 MB), start-up within 1.5x. `BENCH_QUICK=1`: one run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltBundle, buildBundle, bundles } from '../scripts/build-bundles.js';
import { QUICK } from './quick.js';

const RUNS = QUICK ? 1 : 11;
const dist = resolve(fileURLToPath(import.meta.url), '../../dist');

const env = { ...process.env, NODE_OPTIONS: '', OPSFLOW_OUTPUT_DIR: mkdtempSync(join(tmpdir(), 'opsflow-bench-')) };

function timeMs(args: readonly string[], status = 0): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: 'ignore', env });
  if (run.status !== status) throw new Error(`node ${args.join(' ')} exited ${run.status}, expected ${status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export default async function bench(): Promise<void> {
  const built: BuiltBundle[] = [];
  for (const name of bundles) built.push(await buildBundle(name, dist));

  // The first step each bundle lists: without its required inputs it loads its family and exits 2.
  const firstStep = new Map(
    built.map((bundle) => {
      const listed = spawnSync(process.execPath, [bundle.entry, 'list', '--json'], { encoding: 'utf8', env });
      const [step] = JSON.parse(listed.stdout) as { system: string; name: string }[];
      if (!step) throw new Error(`bundle ${bundle.name} lists no step`);
      return [bundle.name, [step.system, step.name]];
    }),
  );
  const baseline: number[] = [];
  const startups = new Map<string, number[]>(built.map((bundle) => [bundle.name, []]));
  const stepStarts = new Map<string, number[]>(built.map((bundle) => [bundle.name, []]));
  for (let run = 0; run < RUNS; run++) {
    baseline.push(timeMs(['-e', '0']));
    for (const bundle of built) {
      startups.get(bundle.name)?.push(timeMs([bundle.entry, '--help']));
      stepStarts.get(bundle.name)?.push(timeMs([bundle.entry, ...(firstStep.get(bundle.name) ?? [])], 2));
    }
  }
  const base = median(baseline);
  console.log(`node ${process.version}, median of ${RUNS} runs; node -e 0: ${base.toFixed(1)} ms`);
  console.log(
    'bundle      steps  start-up KB  total MB  limit MB  size   --help ms  ratio  start-up  step start ms  ratio  step start',
  );
  for (const bundle of built) {
    const limit = bundle.name === 'aws' ? 10 : 5;
    const total = bundle.totalBytes / 1024 / 1024;
    const help = median(startups.get(bundle.name) ?? []);
    const ratio = help / base;
    const step = median(stepStarts.get(bundle.name) ?? []);
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
        `${step.toFixed(1)} (${(firstStep.get(bundle.name) ?? []).join(' ')})`.padStart(14),
        `${(step / base).toFixed(2)}x`.padStart(6),
        (step / base <= 1.5 ? 'ok' : 'OVER').padStart(11),
      ].join(' '),
    );
  }
  console.log(`bundles in ${join(dist, '<bundle>')}`);
}
