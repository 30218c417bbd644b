/**
 * The step images' launcher (containers/opsflow-step) outside an image, for the bench and the tests: the same file
 * with its two image paths, the bundle `/app` and the compile cache `/app/compile-cache`, pointed elsewhere. And the
 * script the images' build stage warms that cache with.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

export const LAUNCHER = join(root, 'containers/opsflow-step');
/** `node warm-compile-cache.mjs <launcher>` with NODE_COMPILE_CACHE set: every step started up to input validation. */
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
