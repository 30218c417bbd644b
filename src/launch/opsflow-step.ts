/**
 * `opsflow-step` on PATH in the step images: the kernel runs it with node (distroless has no shell, so no symlink can
 * be made at build time). scripts/launcher.ts builds it into `dist/<image>/opsflow-step`, CommonJS, with the image's
 * paths (the bundle in /app, its code cache in /app/compile-cache); the Dockerfile copies it to
 * /usr/local/bin/opsflow-step.
 *
 * A step start (`opsflow-step <system> <step> ...`) runs that step's own program, the runtime and the step's module
 * and nothing of the other steps (scripts/build-bundles.ts stepEntries); anything else (--help, list, `<system>
 * --help`) the bundle's entry. Through V8's code cache (./code-cache.mjs): the image's build stage ran every step once
 * with OPSFLOW_CODE_CACHE_WARM=<dir> (containers/warm-compile-cache.mjs), each run writing at exit the code of every
 * file it loaded; the final stage copies that directory, read-only.
 */
import { runWithCodeCache } from './code-cache.mjs';

/** Set by scripts/launcher.ts: where the bundle and its code cache are. */
declare const OPSFLOW_LAUNCHER_PATHS: { readonly bundle: string; readonly cacheDir: string };

const { bundle, cacheDir } = OPSFLOW_LAUNCHER_PATHS;
const fs = require('node:fs') as typeof import('node:fs');
const warmInto = process.env.OPSFLOW_CODE_CACHE_WARM;
const [system = '', step = ''] = process.argv.slice(2);
const program = `${bundle}/steps/${system}/${step}.cjs`;
const own = /^[a-z]+$/.test(system) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(step) && fs.existsSync(program);

runWithCodeCache(own ? program : `${bundle}/opsflow-step.cjs`, {
  require,
  root: bundle,
  cacheDir: warmInto || cacheDir,
  write: warmInto ? 'all' : 'none',
});
