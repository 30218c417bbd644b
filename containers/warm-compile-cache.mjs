// The build stage of the step images (containers/Dockerfile) runs this once, with OPSFLOW_CODE_CACHE_WARM set to the
// cache directory: it starts every step the bundle lists, through the image's launcher, up to input validation, and
// the launcher writes at each exit the V8 code of the files that run loaded, with every function it ran (the step's
// own program: runtime, the step CLI, the step, zod and the validation; and the entry, for --help and list). A file
// loaded by several runs gathers what each of them compiled. The final stage copies the cache directory into the
// image, where the launcher reads it.
//
// Each step gets an input file with one unknown field: every step's input schema refuses it (exit 2) before the step
// runs, so nothing reaches out to a system. Any other exit fails the build.
//
// Usage: node warm-compile-cache.mjs <launcher>   (e.g. /usr/local/bin/opsflow-step)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [launcher] = process.argv.slice(2);
if (!launcher) throw new Error('usage: warm-compile-cache.mjs <launcher>');
if (!process.env.OPSFLOW_CODE_CACHE_WARM) throw new Error('set OPSFLOW_CODE_CACHE_WARM to the cache directory to write');

const scratch = mkdtempSync(join(tmpdir(), 'opsflow-warm-'));
const env = { ...process.env, OPSFLOW_OUTPUT_DIR: join(scratch, 'outputs') };
/** Runs the launcher with `args` as the image's kernel does (its shebang names node and its flag); checks the exit. */
const opsflowStep = (args, status) => {
  const run = spawnSync(launcher, args, { encoding: 'utf8', env });
  if (run.status !== status) {
    throw new Error(`opsflow-step ${args.join(' ')} exited ${run.status}, expected ${status}:\n${run.stderr}`);
  }
  return run;
};

try {
  const inputFile = join(scratch, 'unknown-field.json');
  writeFileSync(inputFile, '{"opsflowWarmCompileCache": true}\n');
  const list = ['list', '--json'];
  const steps = JSON.parse(opsflowStep(list, 0).stdout);
  for (const { system, name } of steps) opsflowStep([system, name, '--input-file', inputFile], 2);
  opsflowStep(['--help'], 0);
  console.log(`warm-compile-cache: started ${steps.length} steps up to input validation`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
