import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cachedBundle } from '../../scripts/cached-bundle.mjs';

// A project of two sources: the entry prints a constant of the other module and its own import.meta.url.
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'opsflow-cached-bundle-'));
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'main.ts'),
    "import { word } from './lib/word.js';\nconst where: string = import.meta.url;\nconsole.log(word, where);\n",
  );
  writeWord('alpha');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const writeWord = (word: string) =>
  writeFileSync(join(root, 'src', 'lib', 'word.ts'), `export const word = '${word}';\n`);
const cacheDir = () => join(root, '.cache');
const bundle = () => cachedBundle({ root, entry: 'src/main.ts', sources: ['src'], cacheDir: cacheDir() });
const run = (path: string) => spawnSync(process.execPath, [path], { encoding: 'utf8' }).stdout.trim();

describe('cachedBundle', () => {
  it('runs the sources as they are: an edited file gets a new bundle, an unchanged tree the cached one', async () => {
    const first = await bundle();
    expect(run(first)).toBe(`alpha ${pathToFileURL(join(root, 'src', 'main.ts')).href}`);
    const builtAt = statSync(first).mtimeMs;

    expect(await bundle()).toBe(first);
    expect(statSync(first).mtimeMs).toBe(builtAt);

    // Same length, so neither size nor a coarse timestamp tells the versions apart: only the content does.
    writeWord('omega');
    const second = await bundle();
    expect(second).not.toBe(first);
    expect(run(second)).toMatch(/^omega /);
    expect(readdirSync(cacheDir())).toEqual([second.slice(cacheDir().length + 1)]);

    writeFileSync(join(root, 'src', 'lib', 'extra.ts'), 'export {};\n');
    expect(await bundle()).not.toBe(second);
  });

  it('runs with the code cache written beside it, and removes it with its bundle', async () => {
    const first = await bundle();
    const viaCache = (path: string) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createRequire } from 'node:module';
           import { runWithCodeCache } from ${JSON.stringify(pathToFileURL(join(process.cwd(), 'src/launch/code-cache.mjs')).href)};
           runWithCodeCache(${JSON.stringify(path)}, { require: createRequire(import.meta.url), root: ${JSON.stringify(cacheDir())}, cacheDir: ${JSON.stringify(cacheDir())}, write: 'missing' });`,
        ],
        { encoding: 'utf8', env: { ...process.env, OPSFLOW_CODE_CACHE_DEBUG: '1' } },
      );
    const cold = viaCache(first);
    expect(cold.stdout).toMatch(/^alpha /);
    expect(cold.stderr).toBe(`code cache missing for ${first}\n`);
    expect(viaCache(first).stderr).toBe(`code cache accepted for ${first}\n`);
    const cacheFile = readdirSync(cacheDir()).find((file) => file !== first.slice(cacheDir().length + 1)) ?? '';
    expect(cacheFile).toMatch(/^main-\w+\.cjs\.\d+\.\d+\.v8$/);

    writeWord('omega');
    const second = await bundle();
    expect(readdirSync(cacheDir())).toEqual([second.slice(cacheDir().length + 1)]);
  });

  it('reaches Node built-ins through require: a named import of node:http does not load undici', async () => {
    // An ES module import of a built-in binds every export once, running each lazy getter; node:http's `fetch`-era
    // exports load undici, some 50 ms of a synth (scripts/builtins-through-require.mjs).
    writeFileSync(
      join(root, 'src', 'main.ts'),
      "import { STATUS_CODES } from 'node:http';\n" +
        "console.log(STATUS_CODES[404], process.moduleLoadList.some((m) => m.includes('undici')));\n",
    );
    expect(run(await bundle())).toBe('Not Found false');
  });
});
