/**
 * The step images' launcher (containers/opsflow-step) outside an image, for the bench and the tests: the same file
 * with its two image paths, the bundle `/app` and the compile cache `/app/compile-cache`, pointed elsewhere. And the
 * script the images' build stage warms that cache with.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

export const LAUNCHER = join(root, 'containers/opsflow-step');
/** `node warm-compile-cache.mjs <launcher>` with OPSFLOW_CODE_CACHE_WARM set: every step started up to input validation. */
export const WARM_COMPILE_CACHE = join(root, 'containers/warm-compile-cache.mjs');

/** Writes the launcher to `file`, running the entry of `bundleDir` with its compile cache in `cacheDir`. */
export function writeLauncher(file: string, bundleDir: string, cacheDir: string): void {
  const image = readFileSync(LAUNCHER, 'utf8');
  const local = image
    .replace("'/app/compile-cache'", JSON.stringify(cacheDir))
    .replace("'/app'", JSON.stringify(bundleDir));
  if (local.includes("'/app")) throw new Error(`${LAUNCHER} names /app paths writeLauncher does not know`);
  writeFileSync(file, local, { mode: 0o755 });
}

/** An image's bundle set up as containers/Dockerfile sets it up, outside an image (stageImage). */
export interface StagedImage {
  /** The launcher, pointed at the bundle and the cache. */
  readonly launcher: string;
  /** The code cache, warmed. */
  readonly cache: string;
}

/**
 * What the Dockerfile's stages make of a bundle, without a container engine: the launcher in `dir`, and the compile
 * cache warmed by the build stage's script run with `node` (the cache is only good for the Node that wrote it).
 */
export function stageImage(bundleDir: string, dir: string, node: string, env: NodeJS.ProcessEnv): StagedImage {
  const launcher = join(dir, 'opsflow-step');
  const cache = join(dir, 'compile-cache');
  mkdirSync(dir, { recursive: true });
  // CommonJS, as in the image (no package.json there): inside this repository Node would take the "type": "module".
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  writeLauncher(launcher, bundleDir, cache);
  const warm = spawnSync(node, [WARM_COMPILE_CACHE, launcher], {
    encoding: 'utf8',
    env: { ...env, NODE_OPTIONS: '', OPSFLOW_CODE_CACHE_WARM: cache },
  });
  if (warm.status !== 0) throw new Error(`warming the compile cache of ${bundleDir} failed:\n${warm.stderr}`);
  return { launcher, cache };
}
