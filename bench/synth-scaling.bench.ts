/**
 * `npm run bench -- synth-scaling`: synth time against catalog size, for N = 100, 1,000 and 10,000 entries of each
 * shape (bench/synth-scaling.worker.ts builds them from the real catalog types): one webhook EventSource with N
 * events and N automations on them; N actions with a `maxParallel` semaphore each (one ConfigMap of N keys); N
 * actions with a target mutex each. Each measurement runs in a process of its own (median of 3 below 10,000, one at
 * 10,000) and prints t(N), t(N) / t(N / 10) (target <= 11: linear, with room for noise) and the process's peak RSS.
 * t is the synth's CPU time (user + system, all threads): on a machine shared with other work, wall time mostly
 * measures the neighbours (the wall time is printed beside it).
 * `BENCH_QUICK=1`: N = 10 and 100, one run each, no target.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { QUICK, verdict } from './quick.js';
import { SHAPES, type Shape } from './synth-scaling.worker.js';

const SIZES = QUICK ? [10, 100] : [100, 1000, 10000];
const TARGET_RATIO = 11;
const worker = fileURLToPath(new URL('./synth-scaling.worker.ts', import.meta.url));

interface Measurement {
  readonly ms: number;
  readonly cpuMs: number;
  readonly files: number;
  readonly peakRssMb: number;
}

function measure(shape: Shape, n: number): Measurement {
  const run = spawnSync(process.execPath, ['--import', 'tsx', worker, shape, String(n)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (run.status !== 0) throw new Error(`synth of ${n} ${shape} failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Measurement;
}

function median(shape: Shape, n: number): Measurement {
  const runs = Array.from({ length: QUICK || n >= 10000 ? 1 : 3 }, () => measure(shape, n)).sort(
    (a, b) => a.cpuMs - b.cpuMs,
  );
  return runs[Math.floor(runs.length / 2)]!;
}

export default async function bench(): Promise<void> {
  console.log(
    'shape            entries   files  synth CPU ms   (wall ms)   t(N)/t(N/10)   verdict (target <= 11)   peak RSS MB',
  );
  for (const shape of SHAPES) {
    let previous: Measurement | undefined;
    for (const n of SIZES) {
      const result = median(shape, n);
      const ratio = previous ? result.cpuMs / previous.cpuMs : undefined;
      console.log(
        [
          shape.padEnd(15),
          String(n).padStart(8),
          String(result.files).padStart(7),
          result.cpuMs.toFixed(0).padStart(13),
          `(${result.ms.toFixed(0)})`.padStart(11),
          (ratio === undefined ? '' : `${ratio.toFixed(2)}x`).padStart(14),
          (ratio === undefined ? '' : verdict(ratio <= TARGET_RATIO)).padStart(24),
          result.peakRssMb.toFixed(0).padStart(13),
        ].join(' '),
      );
      previous = result;
    }
  }
}
