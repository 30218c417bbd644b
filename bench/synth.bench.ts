/**
 * How long synth of the example site takes: in process (build the app, validate, render YAML), and end to end as
 * people run it, `npm run synth:check` and `npm run synth` (the cached bundle, scripts/synth.mjs), each against
 * `node -e 0` timed in the same rounds, interleaved so load on the machine hits all alike. Target (issue 12): at
 * most 1 s end to end. The first run after an edit also builds the bundle: timed once, on an emptied cache.
 * `BENCH_QUICK=1`: one render, one round, no target.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as catalog from '../src/catalog/index.js';
import { loadSite } from '../src/catalog/site.js';
import { exampleSite } from '../src/catalog/sites/example.js';
import { buildApp } from '../src/charts/app.js';
import { renderApp } from '../src/synth/render.js';
import { QUICK, verdict } from './quick.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = QUICK ? 1 : 7;
const TARGET_MS = 1000;

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function timeMs(command: string, args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export default async (): Promise<void> => {
  const site = loadSite(exampleSite);
  const time = () => {
    const start = performance.now();
    const files = renderApp(buildApp(site, catalog));
    return { ms: performance.now() - start, files: files.length };
  };
  const first = time();
  const renders = Array.from({ length: QUICK ? 1 : 10 }, () => time().ms);
  console.log(`files rendered:        ${first.files}`);
  console.log(`first render:          ${first.ms.toFixed(1)} ms`);
  console.log(`median of ${renders.length} renders:  ${median(renders).toFixed(1)} ms`);

  rmSync(join(root, '.cache', 'synth'), { recursive: true, force: true });
  const cold = timeMs('npm', ['run', '--silent', 'synth:check']);
  const times = { base: [] as number[], check: [] as number[], synth: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    times.base.push(timeMs(process.execPath, ['-e', '0']));
    times.check.push(timeMs('npm', ['run', '--silent', 'synth:check']));
    times.synth.push(timeMs('npm', ['run', '--silent', 'synth']));
  }
  const base = median(times.base);
  console.log(`end to end, median of ${ROUNDS}; node -e 0: ${base.toFixed(0)} ms`);
  for (const [what, ms] of [
    ['npm run synth:check', median(times.check)],
    ['npm run synth', median(times.synth)],
  ] as const) {
    console.log(
      `${what.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(1).padStart(5)}x  ${verdict(ms <= TARGET_MS)} (target <= ${TARGET_MS} ms)`,
    );
  }
  console.log(`${'npm run synth:check, building the bundle'.padEnd(42)} ${cold.toFixed(0).padStart(6)} ms`);
};
