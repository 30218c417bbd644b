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

/** Where the launcher finds the bundle and its code cache in an image (containers/Dockerfile). */
export const IMAGE_PATHS = { bundle: '/app', cacheDir: '/app/compile-cache' } as const;
/** `node warm-compile-cache.mjs <launcher>` with OPSFLOW_CODE_CACHE_WARM set: every step started up to input validation. */
export const WARM_COMPILE_CACHE = join(root, 'containers/warm-compile-cache.mjs');

/**
 * Writes the launcher to `file`, running the bundle in `bundleDir` with its code cache in `cacheDir`: one CommonJS
 * file, started by the image's node (`#!/nodejs/bin/node`; elsewhere run it as `node <file>`).
 */
export function writeLauncher(file: string, bundleDir: string, cacheDir: string): void {
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
    banner: { js: '#!/nodejs/bin/node' },
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
