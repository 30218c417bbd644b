/**
 * `npm run build`: one esbuild bundle per image into dist/<image>/ (`opsflow-step.cjs` plus `chunks/`, CommonJS), and
 * dist/all/ with every family (the all-in-one release binary).
 *
 * A bundle's entry holds the runtime, the step CLI and the step manifests (descriptions and input JSON schemas); each
 * family is a chunk imported only when one of its steps runs, so `--help` and `list` start as fast as plain node. An
 * image bundle also holds one program per step, `steps/<system>/<step>.cjs`, which the image's launcher runs for
 * that step (stepEntries), and that launcher, `opsflow-step` (scripts/launcher.ts).
 * The manifests come from the bundle itself: a first build without them runs `list --json` (which then loads and
 * describes the families that entry wires), and the final build embeds the result.
 *
 * And dist/cli/opsflow.mjs, the `opsflow` terminal CLI in one file (buildCliBundle).
 *
 * Usage: tsx scripts/build-bundles.ts [--out <dir>] [image... | cli]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin, transformSync } from 'esbuild';
import * as builtins from './builtins-through-require.mjs';
import { IMAGE_PATHS, writeLauncher } from './launcher.js';

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
   * Per family (system): the source files `node <entry> <system> <step>` loads, relative to the repository root: the
   * family chunk and its static imports. API clients belong in chunks the steps import when they run.
   */
  readonly familyInputs: Readonly<Record<string, readonly string[]>>;
  /** Per step (`<system> <name>`) of an image bundle: the program its launcher runs (stepEntries). None in dist/all. */
  readonly stepPrograms: Readonly<Record<string, StepProgram>>;
  /** Bytes of every file of the bundle. */
  readonly totalBytes: number;
  readonly steps: number;
}

/** One step's own program in an image bundle. */
export interface StepProgram {
  /** `<dir>/steps/<system>/<step>.cjs`. */
  readonly program: string;
  /** The module that defines the step, relative to the repository root. */
  readonly module: string;
  /** Source files the program loads at start (it and its static imports), relative to the repository root. */
  readonly inputs: readonly string[];
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
 * Built-ins through `require` (scripts/builtins-through-require.mjs). Lazy, loaded when a step first reads one of their
 * exports: those that cost milliseconds to load and that no step start uses (the opsflow CLI's commander requires
 * child_process for executable subcommands, which it has none of; the run guard hashes with crypto when it records a
 * run), and `util` and `os`, whose exports are partly V8 lazy data properties: the copy of a module's properties that
 * a named import of a CommonJS module makes (esbuild's `__toESM`) reads each one's descriptor, which loads what it
 * stands for. For `node:util`, 34 modules, the streams and worker_threads among them, for one `parseArgs`.
 */
const builtinsThroughRequire = builtins.builtinsThroughRequire({
  lazy: ['child_process', 'crypto', 'fs/promises', 'stream/promises', 'util', 'os'],
});

function options(
  entryPoints: Record<string, string>,
  outdir: string,
  manifests: unknown,
  plugins: Plugin[] = [],
): BuildOptions {
  return {
    plugins: [englishZodOnly, builtinsThroughRequire, ...plugins],
    entryPoints,
    outdir,
    bundle: true,
    // `.cjs` files that node runs as they are and that the image launcher and the CLI release run with a V8 code cache
    // (src/launch/code-cache.mjs). esbuild splits only ES modules: the build splits as ESM, then each file is
    // converted (buildCommonJs).
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    outExtension: { '.js': '.cjs' },
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'external',
    metafile: true,
    logLevel: 'warning',
    define: {
      OPSFLOW_STEP_MANIFESTS: manifests === undefined ? 'undefined' : JSON.stringify(JSON.stringify(manifests)),
    },
  };
}

/**
 * Builds, then turns each `.cjs` file of the split build (ES module syntax, as esbuild splits) into CommonJS, in
 * place: imports of other chunks become `require` calls, and `import()` becomes a `require` in a promise, so a file
 * loads only through `require` and the code cache covers the chunks a step loads later too. Bundled CommonJS packages'
 * `require` of a built-in is then the file's own. An `import.meta`, which CommonJS has not, fails the build (as a
 * top-level `await` does).
 */
async function buildCommonJs(buildOptions: BuildOptions): Promise<Metafile['outputs']> {
  const outputs = (await build(buildOptions)).metafile?.outputs ?? {};
  for (const file of Object.keys(outputs).filter((path) => path.endsWith('.cjs'))) {
    const converted = transformSync(readFileSync(file, 'utf8'), {
      format: 'cjs',
      platform: 'node',
      target: 'node24',
      minify: true,
      supported: { 'dynamic-import': false },
      sourcefile: file,
      // The packages' lint warnings (e.g. a comparison with -0) are theirs; only this one would break the file.
      logLevel: 'silent',
      logOverride: { 'empty-import-meta': 'error' },
    });
    writeFileSync(file, converted.code);
  }
  return outputs;
}

const STEP_ENTRY = 'opsflow-step-entry:';

/** Where a step is defined: the module of src/steps/<system>/ that exports it, and the export's name. */
interface StepModule {
  readonly system: string;
  readonly name: string;
  readonly file: string;
  readonly exportName: string;
}

/**
 * The module and export of every step of `system`: each step of the family index (`src/steps/<system>/index.ts`
 * `steps`) is found, by identity, among the exports of the family's modules.
 */
async function stepModulesOf(system: string): Promise<StepModule[]> {
  const folder = join(root, 'src/steps', system);
  const { steps } = (await import(pathToFileURL(join(folder, 'index.ts')).href)) as {
    steps: readonly { readonly name: string }[];
  };
  const found = new Map<unknown, StepModule>();
  for (const file of readdirSync(folder).filter((entry) => entry.endsWith('.ts') && entry !== 'index.ts')) {
    const module = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(module)) {
      const step = steps.find((candidate) => candidate === value);
      if (step && !found.has(step)) found.set(step, { system, name: step.name, file: join(folder, file), exportName });
    }
  }
  return steps.map((step) => {
    const module = found.get(step);
    if (!module) throw new Error(`step ${system}/${step.name} is exported by no module of src/steps/${system}/`);
    return module;
  });
}

/**
 * The program of one step in an image, `steps/<system>/<step>.cjs`: the runtime and that step's module imported
 * statically, so a step start evaluates only what its own step uses (its module, its input schemas, the helpers it
 * imports), not its family's other steps and their schemas; what several steps share lands in `steps/chunks/`, and the
 * API clients stay chunks of their own, imported when a step runs. The image's launcher (src/launch/opsflow-step.ts)
 * runs it for `opsflow-step <system> <step> ...`; the bundle's entry still runs every step of the image too.
 */
function stepEntries(modules: readonly StepModule[]): Plugin {
  return {
    name: 'step-entries',
    setup(builder) {
      builder.onResolve({ filter: new RegExp(`^${STEP_ENTRY}`) }, (args) => ({
        path: args.path.slice(STEP_ENTRY.length),
        namespace: STEP_ENTRY,
      }));
      builder.onLoad({ filter: /.*/, namespace: STEP_ENTRY }, (args) => {
        const module = modules.find((candidate) => `${candidate.system}/${candidate.name}` === args.path);
        if (!module) throw new Error(`no step ${args.path}`);
        return {
          contents: [
            `import { ${module.exportName} as step } from ${JSON.stringify(module.file)};`,
            "import { main } from './src/steps/runtime/main.ts';",
            `void main({ ${module.system}: async () => ({ steps: [step] }) });`,
          ].join('\n'),
          resolveDir: root,
          loader: 'ts',
        };
      });
    },
  };
}

/** Builds one bundle into `<out>/<name>/` and returns its sizes. */
export async function buildBundle(name: BundleName, out: string): Promise<BuiltBundle> {
  const probeDir = mkdtempSync(join(tmpdir(), `opsflow-${name}-`));
  try {
    const entrySource = join(root, `src/steps/bin/${name}.ts`);
    await buildCommonJs(options({ 'opsflow-step': entrySource }, probeDir, undefined));
    const listed = execFileSync(process.execPath, [join(probeDir, 'opsflow-step.cjs'), 'list', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const manifests = JSON.parse(listed) as { system: string }[];
    const dir = join(out, name);
    rmSync(dir, { recursive: true, force: true });
    const outputs = { ...(await buildCommonJs(options({ 'opsflow-step': entrySource }, dir, manifests))) };
    const entry = join(dir, 'opsflow-step.cjs');
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
    // An image's step start instead: the step's own program (stepEntries) and its static imports.
    const stepPrograms: Record<string, StepProgram> = {};
    if (name !== 'all') {
      const systems = [...new Set(manifests.map((manifest) => manifest.system))];
      const modules = (await Promise.all(systems.map(stepModulesOf))).flat();
      const entryPoints = Object.fromEntries(
        modules.map((module) => [`${module.system}/${module.name}`, `${STEP_ENTRY}${module.system}/${module.name}`]),
      );
      const programs = options(entryPoints, join(dir, 'steps'), manifests, [stepEntries(modules)]);
      Object.assign(outputs, await buildCommonJs(programs));
      // The image's `opsflow-step` (containers/Dockerfile copies it onto PATH).
      writeLauncher(join(dir, 'opsflow-step'), IMAGE_PATHS.bundle, IMAGE_PATHS.cacheDir);
      for (const module of modules) {
        const program = join(dir, 'steps', module.system, `${module.name}.cjs`);
        stepPrograms[`${module.system} ${module.name}`] = {
          program,
          module: fromRoot(module.file),
          inputs: inputsOf(staticClosure(outputs, relative(process.cwd(), program))),
        };
      }
    }
    return {
      name,
      dir,
      entry,
      startupBytes: size(startup),
      startupInputs: inputsOf(startup),
      familyInputs,
      stepPrograms,
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
    // The step bundles' options (no step manifests to embed), CommonJS as theirs.
    const outputs = await buildCommonJs(options({ opsflow: join(root, 'src/cli/main.ts') }, split, undefined));
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
      define: { OPSFLOW_PAYLOAD: JSON.stringify({ hash, entry: 'opsflow.cjs', files, marker: PAYLOAD_MARKER }) },
    });
    const loaderCode = loader.outputFiles[0]!.text;
    const entry = join(dir, 'opsflow.mjs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(entry, `${loaderCode}${PAYLOAD_MARKER}${payload.toString('base64')}*/\n`, { mode: 0o755 });
    const startup = staticClosure(outputs, relative(process.cwd(), join(split, 'opsflow.cjs')));
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
