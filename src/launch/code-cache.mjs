/**
 * Runs a CommonJS bundle (scripts/build-bundles.ts `buildCommonJs`: its files require each other by relative paths
 * and Node's built-ins by name) with V8's code cache of each file, taken after a run. The step images' launcher
 * (src/launch/opsflow-step.ts) and the `opsflow` release (src/cli/release-loader.ts) start through it.
 *
 * Why not Node's compile cache (`module.enableCompileCache`): Node takes a file's code when it compiles the file,
 * before anything ran (Node v24 src/compile_cache.cc, `MaybeSave` right after the compile), so it holds the top-level
 * code, and each start compiles again every function it calls. `vm.Script#createCachedData()` called after a run
 * holds every function compiled so far (the Node docs of `script.createCachedData()`), so a start that reads it
 * compiles nothing it ran before: 15 ms of a 70 ms step start, 3 to 4 ms of `opsflow --help` (docs/steps.md, docs/cli.md).
 *
 * A cache file is named by its bundle file's path under `root`, size and modification time, so it never serves the
 * code of another file or version; V8 refuses code of another V8 build or flags (`cachedDataRejected`), and a refused
 * or missing cache only means compiling the file: nothing fails for want of a cache. Writes happen at exit, each file
 * aside and then renamed; one that fails (a read-only directory) is skipped. OPSFLOW_CODE_CACHE_DEBUG=1 prints on
 * stderr, per file, whether its cache was accepted, rejected (V8 refused it) or missing.
 */

/**
 * Runs `entry`, a file of the bundle, as CommonJS, and with it every bundle file it requires (each once). Types:
 * code-cache.d.mts.
 * @param {string} entry
 * @param {import('./code-cache.mjs').CodeCacheOptions} options
 */
export function runWithCodeCache(entry, options) {
  const { require, root, cacheDir, write } = options;
  const debug = process.env.OPSFLOW_CODE_CACHE_DEBUG === '1';
  /** @type {typeof import('node:fs')} */
  const fs = require('node:fs');
  // Paths by hand, not node:path: a start joins and resolves a few paths per file, and node:path's first calls (not
  // yet optimized, each normalizing its arguments) were over a millisecond of a profiled step start.
  const rootPrefix = root.endsWith('/') ? root : `${root}/`;
  /** @type {typeof import('node:vm')} */
  const { Script } = require('node:vm');
  /** @type {Map<string, { exports: unknown }>} */
  const modules = new Map();
  /** @type {[import('node:vm').Script, string][]} */
  const toWrite = [];

  /** The bundle file that `id`, a relative path (`./chunk.cjs`, `../chunks/chunk.cjs`) esbuild wrote, names from `dir`. */
  const resolveFrom = (/** @type {string} */ dir, /** @type {string} */ id) => {
    let base = dir;
    let rest = id.startsWith('./') ? id.slice(2) : id;
    while (rest.startsWith('../')) {
      base = base.slice(0, base.lastIndexOf('/'));
      rest = rest.slice(3);
    }
    return `${base}/${rest}`;
  };

  /** @param {string} file @returns {unknown} */
  const load = (file) => {
    if (!file.startsWith(rootPrefix)) throw new Error(`code cache: ${file} is not a file of the bundle in ${root}`);
    const known = modules.get(file);
    if (known) return known.exports;
    const module = { exports: /** @type {unknown} */ ({}) };
    modules.set(file, module);
    const fd = fs.openSync(file, 'r');
    let source;
    let stat;
    try {
      stat = fs.fstatSync(fd);
      source = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
    const name = `${file.slice(rootPrefix.length).replaceAll('/', '__')}.${stat.size}.${Math.trunc(stat.mtimeMs)}.v8`;
    const cacheFile = `${cacheDir}/${name}`;
    let cachedData;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // no code for this file yet: it is compiled
    }
    // The wrapper keeps the file's first line first, so stack traces keep their line numbers; a `#!` line (an entry
    // that is also run as a script) becomes a comment, as Node's own loader drops it.
    const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, {
      filename: file,
      cachedData,
    });
    const state = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
    if (debug) fs.writeSync(2, `code cache ${state} for ${file}\n`);
    if (write === 'all' || (write === 'missing' && state !== 'accepted')) toWrite.push([script, cacheFile]);
    const dir = file.slice(0, file.lastIndexOf('/'));
    /** @param {string} id */
    const requireFrom = (id) =>
      id.startsWith('./') || id.startsWith('../') ? load(resolveFrom(dir, id)) : require(id);
    script.runInThisContext()(module.exports, requireFrom, module, file, dir);
    return module.exports;
  };

  if (write !== 'none') {
    process.on('exit', () => {
      for (const [script, cacheFile] of toWrite) {
        const aside = `${cacheFile}.${process.pid}.tmp`;
        try {
          fs.mkdirSync(cacheDir, { recursive: true });
          fs.writeFileSync(aside, script.createCachedData());
          fs.renameSync(aside, cacheFile);
        } catch {
          fs.rmSync(aside, { force: true });
        }
      }
    });
  }
  load(entry);
}
