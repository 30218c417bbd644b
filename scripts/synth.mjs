#!/usr/bin/env node
/**
 * `npm run synth` and `npm run synth:check`: src/main.ts run from its cached esbuild bundle (cached-bundle.mjs), on
 * plain node, instead of through tsx (whose TypeScript loading was most of a synth's time), and with V8's code of
 * the bundle beside it (src/launch/code-cache.mjs): the first synth of a bundle writes it at exit, with every
 * function that synth ran, so the next one compiles none of them again. The arguments go to src/main.ts as they are.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from '../src/launch/code-cache.mjs';
import { cachedBundle } from './cached-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = await cachedBundle({
  root,
  entry: 'src/main.ts',
  sources: ['src'],
  files: ['tsconfig.json'],
  cacheDir: join(root, '.cache', 'synth'),
});
runWithCodeCache(bundle, {
  require: createRequire(import.meta.url),
  root: dirname(bundle),
  cacheDir: dirname(bundle),
  write: 'missing',
});
