/**
 * Start-up of the `opsflow` bundle (dist/cli/opsflow.mjs, built first as `npm run build` does): `--help` (no server)
 * and `list` against the fake Argo Server, as ratios to `node -e 0` timed in the same run, interleaved so load on
 * the machine hits all alike. Target (issue 8): `--help` within 1.5x. `npm run bench -- cli`; `BENCH_QUICK=1`: one run.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliBundle } from '../scripts/build-bundles.js';
import { ALICE, startFake } from '../test/cli/harness.js';
import { QUICK } from './quick.js';

const RUNS = QUICK ? 1 : 11;
const dist = resolve(fileURLToPath(import.meta.url), '../../dist');

/** Milliseconds of one run; spawn (not spawnSync) so the fake in this process keeps answering. */
function timeMs(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...env, NODE_OPTIONS: '' } });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) fail(new Error(`node ${args.join(' ')} exited ${code}`));
      else done(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export default async function bench(): Promise<void> {
  const { entry, bytes } = await buildCliBundle(dist);
  const fake = await startFake();
  try {
    const env = { ...process.env, ARGO_SERVER: fake.url, ARGO_TOKEN: `Bearer ${ALICE.token}` };
    const list = [entry, '--certificate-authority', fake.caFile, 'list'];
    const times = { base: [] as number[], help: [] as number[], list: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      times.base.push(await timeMs(['-e', '0'], env));
      times.help.push(await timeMs([entry, '--help'], env));
      times.list.push(await timeMs(list, env));
    }
    const base = median(times.base);
    console.log(
      `node ${process.version}, median of ${RUNS} runs; node -e 0: ${base.toFixed(1)} ms; bundle ${(bytes / 1024).toFixed(0)} KB`,
    );
    for (const [what, values, target] of [
      ['opsflow --help', times.help, 1.5],
      ['opsflow list (fake Argo Server)', times.list, undefined],
    ] as const) {
      const ms = median(values);
      const ratio = ms / base;
      const verdict =
        target === undefined ? '' : ratio <= target ? `MET (target ${target}x)` : `OVER (target ${target}x)`;
      console.log(`${what.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x  ${verdict}`);
    }
  } finally {
    await fake.close();
  }
}
