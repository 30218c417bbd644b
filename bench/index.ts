/**
 * `npm run bench`: runs every bench/*.bench.ts in name order; each prints its own figures.
 * A bench module's default export is `async () => void`. `npm run bench -- resync` runs only matching files.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const all = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
// `synth` is one bench, though `synth-scaling` contains its name too.
const exact = all.filter((file) => file === `${filter}.bench.ts`);
const files = exact.length > 0 ? exact : all.filter((file) => !filter || file.includes(filter));
if (files.length === 0) throw new Error(`no bench matches ${JSON.stringify(filter)}`);
for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.ts$/, '')}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
}
