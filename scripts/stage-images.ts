/**
 * `npm run stage:images [image...]`: the step images' build without a container engine, as CI runs it. Per image
 * (kubernetes, aws, openstack, notify): the bundle (`npm run build`), the launcher pointed at it and the compile cache
 * warmed by the Dockerfile's build stage script with this Node (scripts/launcher.ts stageImage), in
 * `.cache/stage/<image>/`. Then a smoke run of every step through the launcher, as a pod runs it: `--help` (exit 0,
 * the step's usage) and an input its schema refuses (exit 2, the message names the field), and that the step start
 * read every file it loaded, its own program (steps/<system>/<step>.cjs) first, from the code cache. Any other outcome
 * fails the script.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundles.js';
import { stageImage } from './launcher.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const IMAGES = ['kubernetes', 'aws', 'openstack', 'notify'] as const;
type Image = (typeof IMAGES)[number];

const REFUSED_FIELD = 'opsflowStageUnknownField';

/** Builds, stages and smoke-runs one image's bundle; returns the problems found, one line each. */
export async function stageAndCheck(image: Image, stageDir: string): Promise<string[]> {
  const bundle = await buildBundle(image, join(root, 'dist'));
  rmSync(stageDir, { recursive: true, force: true });
  const staged = stageImage(bundle.dir, stageDir, process.execPath, process.env);
  const scratch = mkdtempSync(join(tmpdir(), `opsflow-stage-${image}-`));
  try {
    const refused = join(scratch, 'refused.json');
    writeFileSync(refused, `{"${REFUSED_FIELD}": true}\n`);
    const env = { ...process.env, NODE_OPTIONS: '', OPSFLOW_OUTPUT_DIR: join(scratch, 'outputs') };
    const run = (args: readonly string[], extra: NodeJS.ProcessEnv = {}) =>
      spawnSync(staged.launcher, args, { encoding: 'utf8', env: { ...env, ...extra } });
    const listed = run(['list', '--json']);
    if (listed.status !== 0) return [`${image}: list --json exited ${listed.status}: ${listed.stderr}`];
    const problems: string[] = [];
    for (const { system, name } of JSON.parse(listed.stdout) as { system: string; name: string }[]) {
      const step = `${system} ${name}`;
      const help = run([system, name, '--help']);
      if (help.status !== 0 || !help.stdout.startsWith(`Usage: opsflow-step ${step} [options]`)) {
        problems.push(`${image}: ${step} --help exited ${help.status}: ${help.stdout.slice(0, 80)}${help.stderr}`);
      }
      const invalid = run([system, name, '--input-file', refused], { OPSFLOW_CODE_CACHE_DEBUG: '1' });
      if (invalid.status !== 2 || !invalid.stderr.includes(`${REFUSED_FIELD}: unknown field`)) {
        problems.push(`${image}: ${step} with a refused input exited ${invalid.status}: ${invalid.stderr.slice(-400)}`);
      }
      const program = bundle.stepPrograms[step]?.program ?? `(no program for ${step})`;
      const states = [...invalid.stderr.matchAll(/^code cache (\w+) for (\S+)$/gm)];
      if (states[0]?.[2] !== program || states.some(([, state]) => state !== 'accepted')) {
        problems.push(`${image}: ${step} did not read ${program} and its chunks from the code cache ${staged.cache}`);
      }
    }
    console.log(
      `${image.padEnd(10)} ${String(bundle.steps).padStart(3)} steps: --help and input validation through ` +
        `${staged.launcher}, step programs from the code cache: ` +
        (problems.length === 0 ? 'ok' : `${problems.length} problem(s)`),
    );
    return problems;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(IMAGES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown image ${unknown.join(', ')}; images: ${IMAGES.join(', ')}`);
  const problems: string[] = [];
  for (const image of asked.length > 0 ? (asked as Image[]) : IMAGES) {
    problems.push(...(await stageAndCheck(image, join(root, '.cache', 'stage', image))));
  }
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
