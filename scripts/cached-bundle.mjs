/**
 * An esbuild bundle of one TypeScript entry and the packages it imports, built on demand and cached: plain `node`
 * runs it without loading TypeScript through tsx or resolving hundreds of package files. One CommonJS file, which
 * node runs as it is and src/launch/code-cache.mjs runs with V8's code cache (scripts/synth.mjs). The cache key covers every
 * input (the content of every source file; the installed packages through npm's record of them,
 * node_modules/.package-lock.json; this file, which holds the build options; esbuild's version; the repository's
 * path, which the bundle embeds), so an edit always gets a new bundle and a stale one never runs.
 */
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtinsThroughRequire } from './builtins-through-require.mjs';

// Through require, as the bundle reaches them (builtins-through-require.mjs): an ES module import of node:fs binds
// every export, fs.promises and the streams among them, at every synth.
const require = createRequire(import.meta.url);
/** @type {typeof import('node:crypto')} */
const { createHash } = require('node:crypto');
/** @type {typeof import('node:fs')} */
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } = require('node:fs');

const IMPORT_META = /\bimport\.meta\.(url|dirname|filename)\b/g;

/**
 * A bundle is one file elsewhere than its sources: each source keeps its own `import.meta` (paths relative to the
 * source file, e.g. `createRequire(import.meta.url)('../../package.json')`, then resolve as under tsx).
 */
const sourceImportMeta = {
  name: 'source-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const values = { url: pathToFileURL(args.path).href, filename: args.path, dirname: join(args.path, '..') };
      const contents = readFileSync(args.path, 'utf8').replace(IMPORT_META, (_, field) =>
        JSON.stringify(values[field]),
      );
      return { contents, loader: 'ts' };
    });
  },
};

/** Every file under the given folders and the given files (those that exist), sorted by path relative to `root`. */
function inputFiles(root, sources, files) {
  const found = sources.flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name))),
  );
  return [...found, ...files.filter((file) => existsSync(join(root, file)))].sort();
}

function cacheKey(root, sources, files) {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(fileURLToPath(new URL('./builtins-through-require.mjs', import.meta.url))));
  hash.update(`\0${require('esbuild/package.json').version}\0${root}`);
  for (const file of inputFiles(root, sources, files)) {
    hash.update(`\0${file}\0`);
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex').slice(0, 20);
}

/**
 * The path of the bundle of `entry` (relative to `root`) for the current contents of `sources` (folders), `files`
 * and the installed packages, building it into `cacheDir` when there is none yet and removing the entry's older
 * bundles there.
 * @param {{ root: string, entry: string, sources: string[], files?: string[], cacheDir: string }} options
 * @returns {Promise<string>}
 */
export async function cachedBundle({ root, entry, sources, files = [], cacheDir }) {
  const name = basename(entry).replace(/\.[cm]?ts$/, '');
  const key = cacheKey(root, sources, [
    ...files,
    'package.json',
    'package-lock.json',
    'node_modules/.package-lock.json',
  ]);
  const bundle = join(cacheDir, `${name}-${key}.cjs`);
  if (existsSync(bundle)) return bundle;
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed: a run started meanwhile never imports half a file.
  const partial = `${bundle}.${process.pid}.partial`;
  await build({
    entryPoints: [join(root, entry)],
    outfile: partial,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    plugins: [sourceImportMeta, builtinsThroughRequire({ packages: ['punycode'], lazy: ['util'] })],
    // Whitespace and syntax minified, names kept (stack traces stay readable): a third less source to read at every
    // run, about a tenth of a synth.
    minifyWhitespace: true,
    minifySyntax: true,
    // An `import.meta` left in a package would be empty in CommonJS: fail the build instead.
    logOverride: { 'empty-import-meta': 'error' },
    // The punycode package rather than Node's deprecated built-in (ajv-formats asks for it; Node warns about the
    // built-in when code outside node_modules, as the bundle is, loads it).
    alias: { punycode: 'punycode/' },
    logLevel: 'warning',
  });
  renameSync(partial, bundle);
  // Older bundles of the entry go, and their code caches (named after them: `<bundle>.<size>.<mtime>.v8`).
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith(`${name}-`) && !old.startsWith(basename(bundle)) && !old.endsWith('.partial'))
      rmSync(join(cacheDir, old), { force: true });
  }
  return bundle;
}
