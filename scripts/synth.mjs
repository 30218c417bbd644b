#!/usr/bin/env node
/**
 * `npm run synth` and `npm run synth:check`: src/main.ts run from its cached esbuild bundle (cached-bundle.mjs), on
 * plain node with its compile cache, instead of through tsx (whose TypeScript loading was most of a synth's time).
 * The arguments go to src/main.ts as they are.
 */
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedBundle } from './cached-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, '.cache');
// Node checks each cached compilation against its source, so the cache never serves stale code either.
module.enableCompileCache?.(join(cache, 'node-compile-cache'));
const bundle = await cachedBundle({
  root,
  entry: 'src/main.ts',
  sources: ['src'],
  files: ['tsconfig.json'],
  cacheDir: join(cache, 'synth'),
});
await import(pathToFileURL(bundle).href);
