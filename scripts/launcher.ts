/**
 * The step images' launcher (src/launch/opsflow-step.ts), built for an image (the bundle in `/app`, its code cache in
 * `/app/compile-cache`) or, for the bench and the tests, for a bundle and cache elsewhere. And the script the images'
 * build stage warms that cache with.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** Where the launcher finds the bundle and its code cache in an image (containers/Dockerfile), and the image's node. */
export const IMAGE_PATHS = { bundle: '/app', cacheDir: '/app/compile-cache', node: '/nodejs/bin/node' } as const;
/**
 * The node flag on the launcher's shebang line (the kernel passes the rest of that line as one argument: one flag).
 * A step start allocates more than V8's first young generation holds (about 5 MB), so each start ran a scavenge, about
 * a millisecond, before it validated its input; with 8 MB semi-spaces it runs none (`node --trace-gc`).
 */
export const LAUNCHER_NODE_FLAG = '--min-semi-space-size=8';
/** `node warm-compile-cache.mjs <launcher>` with OPSFLOW_CODE_CACHE_WARM set: every step started up to input validation. */
export const WARM_COMPILE_CACHE = join(root, 'containers/warm-compile-cache.mjs');

/**
 * Writes the launcher to `file`, running the bundle in `bundleDir` with its code cache in `cacheDir`: one CommonJS
 * file, an executable the kernel starts with `node` and LAUNCHER_NODE_FLAG from its shebang line (`node <file>` runs it
 * too, without the flag).
 */
export function writeLauncher(
  file: string,
  bundleDir: string,
  cacheDir: string,
  node: string = IMAGE_PATHS.node,
): void {
  buildSync({
    entryPoints: [join(root, 'src/launch/opsflow-step.ts')],
    outfile: file,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: `#!${node} ${LAUNCHER_NODE_FLAG}` },
    define: { OPSFLOW_LAUNCHER_PATHS: JSON.stringify({ bundle: bundleDir, cacheDir }) },
  });
  chmodSync(file, 0o755);
}

/** An image's bundle set up as containers/Dockerfile sets it up, outside an image (stageImage). */
export interface StagedImage {
  /** The launcher, pointed at the bundle and the cache. */
  readonly launcher: string;
  /** The code cache, warmed. */
  readonly cache: string;
}

/**
 * What the Dockerfile's stages make of a bundle, without a container engine: the launcher in `dir`, started by `node`
 * (its shebang names it), and the compile cache warmed by the build stage's script run with `node` (the cache is only
 * good for the Node that wrote it). Run the launcher itself, as the image's kernel does.
 */
export function stageImage(bundleDir: string, dir: string, node: string, env: NodeJS.ProcessEnv): StagedImage {
  const launcher = join(dir, 'opsflow-step');
  const cache = join(dir, 'compile-cache');
  mkdirSync(dir, { recursive: true });
  // CommonJS, as in the image (no package.json there): inside this repository Node would take the "type": "module".
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  writeLauncher(launcher, bundleDir, cache, node);
  const warm = spawnSync(node, [WARM_COMPILE_CACHE, launcher], {
    encoding: 'utf8',
    env: { ...env, NODE_OPTIONS: '', OPSFLOW_CODE_CACHE_WARM: cache },
  });
  if (warm.status !== 0) throw new Error(`warming the compile cache of ${bundleDir} failed:\n${warm.stderr}`);
  return { launcher, cache };
}
