/**
 * `npm run build`: one esbuild bundle per image into dist/<image>/ (`opsflow-step.mjs` plus `chunks/`), and
 * dist/all/ with every family (the all-in-one release binary).
 *
 * A bundle's entry holds the runtime, commander and the step manifests (descriptions and input JSON schemas); each
 * family is a chunk imported only when one of its steps runs, so `--help` and `list` start as fast as plain node. An
 * image bundle also holds one program per family, `<system>/opsflow-step.mjs`, which the image's launcher runs for a
 * step (familyEntry).
 * The manifests come from the bundle itself: a first build without them runs `list --json` (which then loads and
 * describes the families that entry wires), and the final build embeds the result.
 *
 * And dist/cli/opsflow.mjs, the `opsflow` terminal CLI in one file (buildCliBundle).
 *
 * Usage: tsx scripts/build-bundles.ts [--out <dir>] [image... | cli]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** Image name -> entry point; `all` is not an image but the developer binary. */
export const bundles = ['kubernetes', 'aws', 'openstack', 'notify', 'all'] as const;
export type BundleName = (typeof bundles)[number];

export interface BuiltBundle {
  readonly name: BundleName;
  readonly dir: string;
  readonly entry: string;
  /** Bytes loaded at start-up (the entry and the chunks it imports statically: all `--help` and `list` read). */
  readonly startupBytes: number;
  /** Source files loaded at start-up, relative to the repository root. */
  readonly startupInputs: readonly string[];
  /**
   * Per family (system): the source files a step start loads, relative to the repository root: in an image bundle
   * the family's own program (familyEntry) and its static imports, in dist/all the family chunk and its static
   * imports. API clients belong in chunks the steps import when they run.
   */
  readonly familyInputs: Readonly<Record<string, readonly string[]>>;
  /** Bytes of every file of the bundle. */
  readonly totalBytes: number;
  readonly steps: number;
}

/**
 * zod's `z.locales` holds some 40 translations of its messages, 40% of the CLI bundle that every start parses; opsflow
 * speaks English (zod's default, `config(en())`), so the bundles keep `en` alone. (The step bundles also import zod
 * as a namespace, `import * as z`, so esbuild keeps only the parts the steps use.)
 */
const englishZodOnly: Plugin = {
  name: 'english-zod-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\](classic|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '../locales/index.js'), namespace: 'english-zod-only' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'english-zod-only' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Node's built-in modules through `require`, not `import`. An ESM import of a built-in goes through its ES module
 * facade, which reads every export of the module once to bind the names, and so runs every lazy getter: importing
 * anything from `node:fs` loads `fs.promises`, the streams and readline (about 3 ms of a step start). `require`
 * hands back the module object, whose getters run only when a step touches them. (Node v24:
 * lib/internal/bootstrap/realm.js, BuiltinModule getESMFacade and syncExports.)
 *
 * The built-ins in `lazyBuiltins` cost milliseconds to load and no step start uses them (commander requires
 * child_process for executable subcommands, which neither opsflow-step nor opsflow has; the run guard hashes with crypto when it
 * records a run): they load when a step first reads one of their exports. Their export names are the build's Node's
 * (the images' Node, 24).
 */
const lazyBuiltins = new Set(['child_process', 'crypto', 'fs/promises', 'stream/promises']);

const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(builder) {
    builder.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (args.namespace === 'builtin') return { path: args.path, external: true };
      // `await import('node:x')` is already lazy, and node's own import() hands back every export; through the
      // stand-in a split bundle would give only `default` (evanw/esbuild#3245).
      if (args.kind === 'dynamic-import' && isBuiltin(args.path)) return { path: args.path, external: true };
      return isBuiltin(args.path) ? { path: args.path, namespace: 'builtin' } : undefined;
    });
    builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const id = JSON.stringify(args.path);
      if (!lazyBuiltins.has(args.path.replace(/^node:/, ''))) {
        return { contents: `module.exports = require(${id});`, loader: 'js' };
      }
      const names = JSON.stringify(Object.keys(createRequire(import.meta.url)(args.path)));
      return {
        contents: [
          'let loaded;',
          `for (const name of ${names}) {`,
          `  Object.defineProperty(exports, name, { enumerable: true, get: () => (loaded ??= require(${id}))[name] });`,
          '}',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

function options(entry: string, outdir: string, manifests: unknown, plugins: Plugin[] = []): BuildOptions {
  return {
    plugins: [englishZodOnly, builtinsThroughRequire, ...plugins],
    entryPoints: { 'opsflow-step': entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'external',
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require, so give each file one.
    banner: {
      js: "import{createRequire as __opsflowRequire}from'node:module';const require=__opsflowRequire(import.meta.url);",
    },
    define: {
      OPSFLOW_STEP_MANIFESTS: manifests === undefined ? 'undefined' : JSON.stringify(JSON.stringify(manifests)),
    },
  };
}

const FAMILY_ENTRY = 'opsflow-family-entry';

/**
 * The program of a step start in an image, `<system>/opsflow-step.mjs`: the runtime and one family, imported
 * statically, in one file, so Node resolves, links and compiles one module instead of the entry, the family chunk
 * and the chunks they share (ESM resolution and linking cost about a millisecond a file). The API clients stay chunks
 * of their own, imported when a step runs. The image's launcher (containers/opsflow-step) runs it for
 * `opsflow-step <system> ...`; the bundle's entry still runs every step of the image too.
 */
function familyEntry(system: string): Plugin {
  return {
    name: 'family-entry',
    setup(builder) {
      builder.onResolve({ filter: new RegExp(`^${FAMILY_ENTRY}$`) }, () => ({ path: system, namespace: FAMILY_ENTRY }));
      builder.onLoad({ filter: /.*/, namespace: FAMILY_ENTRY }, () => ({
        contents: [
          `import * as family from ${JSON.stringify(`./src/steps/${system}/index.ts`)};`,
          "import { main } from './src/steps/runtime/main.ts';",
          `await main({ ${system}: async () => family });`,
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      }));
    },
  };
}

/** Builds one bundle into `<out>/<name>/` and returns its sizes. */
export async function buildBundle(name: BundleName, out: string): Promise<BuiltBundle> {
  const probeDir = mkdtempSync(join(tmpdir(), `opsflow-${name}-`));
  try {
    const entrySource = join(root, `src/steps/bin/${name}.ts`);
    await build(options(entrySource, probeDir, undefined));
    const listed = execFileSync(process.execPath, [join(probeDir, 'opsflow-step.mjs'), 'list', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const manifests = JSON.parse(listed) as { system: string }[];
    const dir = join(out, name);
    rmSync(dir, { recursive: true, force: true });
    const { metafile } = await build(options(entrySource, dir, manifests));
    const outputs = { ...metafile?.outputs };
    const entry = join(dir, 'opsflow-step.mjs');
    chmodSync(entry, 0o755); // dist/all's entry starts with `#!/usr/bin/env node`: runnable as it is
    const startup = staticClosure(outputs, relative(process.cwd(), entry));
    const size = (files: Iterable<string>): number => [...files].reduce((sum, file) => sum + statSync(file).size, 0);
    const inputsOf = (files: Iterable<string>): string[] =>
      [...files].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {})).map(fromRoot);
    // What `node <entry> <system> <step>` loads: the entry and the family chunk, with their static imports.
    const familyInputs: Record<string, string[]> = {};
    for (const [file, output] of Object.entries(outputs)) {
      const family = /src\/steps\/([a-z]+)\/index\.ts$/.exec(output.entryPoint ?? '')?.[1];
      if (family) familyInputs[family] = inputsOf(staticClosure(outputs, file));
    }
    // An image's step start instead: the family's own entry (familyEntry) and its static imports.
    const families = name === 'all' ? [] : [...new Set(manifests.map((manifest) => manifest.system))];
    for (const system of families) {
      const own = manifests.filter((manifest) => manifest.system === system);
      const built = await build(options(FAMILY_ENTRY, join(dir, system), own, [familyEntry(system)]));
      Object.assign(outputs, built.metafile?.outputs);
      familyInputs[system] = inputsOf(
        staticClosure(outputs, relative(process.cwd(), join(dir, system, 'opsflow-step.mjs'))),
      );
    }
    return {
      name,
      dir,
      entry,
      startupBytes: size(startup),
      startupInputs: inputsOf(startup),
      familyInputs,
      totalBytes: size(Object.keys(outputs)),
      steps: manifests.length,
    };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

/** Output files (as the metafile names them) that load with `entry`: it and its static imports, transitively. */
function staticClosure(outputs: Metafile['outputs'], entry: string): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string): void => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return loaded;
}

/** What `buildCliBundle` wrote. */
export interface BuiltCli {
  /** The release, one file: the loader and the split bundle as its payload (src/cli/release-loader.ts). */
  readonly entry: string;
  /** Bytes of the release file. */
  readonly bytes: number;
  /** Bytes `opsflow --help` parses: the loader, then the split bundle's entry and the chunks it imports statically. */
  readonly startupBytes: number;
  /** Source files `--help` loads, relative to the repository root. */
  readonly startupInputs: readonly string[];
}

/** The line that opens the release file's payload comment. */
const PAYLOAD_MARKER = '/*opsflow-payload\n';

/**
 * The `opsflow` terminal CLI for a release, `<out>/cli/opsflow.mjs`, one file (npx runs bin/opsflow.mjs from the
 * sources instead). It is built split first: the entry holds commander and the commands' descriptions; what a command
 * needs when it runs (the HTTP core, zod, yaml, the catalog's schemas, the event evaluator) is in chunks it imports
 * then, because node parses a whole file at every start (one plain file took twice `node -e 0` for `--help`:
 * bench/cli.bench.ts, docs/cli.md). The release file is src/cli/release-loader.ts followed by those files,
 * brotli-compressed, as base64 in a block comment; the loader writes them to a cache directory named by their hash on first use and imports the
 * entry from there.
 */
export async function buildCliBundle(out: string): Promise<BuiltCli> {
  const dir = join(out, 'cli');
  rmSync(dir, { recursive: true, force: true });
  const split = mkdtempSync(join(tmpdir(), 'opsflow-cli-'));
  try {
    const { metafile } = await build({
      plugins: [englishZodOnly, builtinsThroughRequire],
      entryPoints: { opsflow: join(root, 'src/cli/main.ts') },
      outdir: split,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      minify: true,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      legalComments: 'external',
      metafile: true,
      logLevel: 'warning',
      banner: {
        js: "import{createRequire as __opsflowRequire}from'node:module';const require=__opsflowRequire(import.meta.url);",
      },
    });
    const outputs = metafile?.outputs ?? {};
    const files = Object.keys(outputs).map((file): [string, number] => {
      const path = relative(split, resolve(file));
      return [path, statSync(join(split, path)).size];
    });
    const bytes = Buffer.concat(files.map(([path]) => readFileSync(join(split, path))));
    const hash = createHash('sha256').update(JSON.stringify(files)).update(bytes).digest('hex').slice(0, 16);
    const payload = brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } });
    const loader = await build({
      entryPoints: [join(root, 'src/cli/release-loader.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      minify: true,
      logLevel: 'warning',
      banner: { js: '#!/usr/bin/env node' },
      define: { OPSFLOW_PAYLOAD: JSON.stringify({ hash, entry: 'opsflow.mjs', files, marker: PAYLOAD_MARKER }) },
    });
    const loaderCode = loader.outputFiles[0]!.text;
    const entry = join(dir, 'opsflow.mjs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(entry, `${loaderCode}${PAYLOAD_MARKER}${payload.toString('base64')}*/\n`, { mode: 0o755 });
    const startup = staticClosure(outputs, relative(process.cwd(), join(split, 'opsflow.mjs')));
    return {
      entry,
      bytes: statSync(entry).size,
      startupBytes:
        Buffer.byteLength(loaderCode) + [...startup].reduce((sum, file) => sum + (outputs[file]?.bytes ?? 0), 0),
      startupInputs: [...startup].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {})).map(fromRoot),
    };
  } finally {
    rmSync(split, { recursive: true, force: true });
  }
}

const fromRoot = (file: string): string => relative(root, resolve(file));

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
  const out = resolve(values.out ?? join(root, 'dist'));
  const unknown = positionals.filter((name) => name !== 'cli' && !(bundles as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown bundle ${unknown.join(', ')}; bundles: ${bundles.join(', ')}, cli`);
  const names = positionals.length > 0 ? (positionals.filter((name) => name !== 'cli') as BundleName[]) : bundles;
  for (const name of names) {
    const built = await buildBundle(name, out);
    console.log(
      `${name.padEnd(10)} ${String(built.steps).padStart(3)} steps  start-up ${megabytes(built.startupBytes)}  ` +
        `total ${megabytes(built.totalBytes)}  ${built.dir}`,
    );
  }
  if (positionals.length === 0 || positionals.includes('cli')) {
    const cli = await buildCliBundle(out);
    console.log(
      `${'cli'.padEnd(10)} opsflow    start-up ${megabytes(cli.startupBytes)}  total ${megabytes(cli.bytes)}  ${cli.entry}`,
    );
  }
}
