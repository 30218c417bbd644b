/**
 * The start of the single-file release, dist/cli/opsflow.mjs (scripts/build-bundles.ts, buildCliBundle). After this
 * loader the file carries the split bundle (the entry and its chunks), brotli-compressed and in base64, in one trailing
 * block comment, which V8's scanner skips without parsing (compressed, because scanning costs about 4 ms per MB).
 * Node imports files, not comments, so the first run writes the bundle's files into a cache directory named by the
 * payload's hash, and every run imports the entry from there: `--help` then parses what the split bundle's entry
 * parses (docs/cli.md, "How it is built").
 *
 * A cache directory is complete or absent: written aside, then renamed. Every run checks each file's size and its
 * modification time, which the extraction sets to PINNED_MTIME: a write to a file moves its mtime, so an edited, cut
 * or missing file fails the check and the cache is written again. (Comparing contents would need the payload
 * decompressed or a hash, node:zlib or node:crypto: 3 to 6 ms to load at every start; the check is a stat a file.) The
 * cache lives in `$XDG_CACHE_HOME/opsflow` or `~/.cache/opsflow`; where that cannot be written (a read-only home), in
 * `<tmpdir>/opsflow-<uid>`, used only when it is this user's directory and nobody else may write to it.
 */
import * as nodeModule from 'node:module';
import { runWithCodeCache } from '../launch/code-cache.mjs';

/**
 * Set by the build: the payload's hash, the entry's path, the files as `[path, bytes]` in the order they are
 * concatenated in the payload, and the line that opens the payload comment (the payload runs from it to the `*\/` that
 * ends the file).
 */
declare const OPSFLOW_PAYLOAD: {
  readonly hash: string;
  readonly entry: string;
  readonly files: [string, number][];
  readonly marker: string;
};
/** Where in a cache directory V8's code of the bundle's files is kept (src/launch/code-cache.mjs). */
const CODE_CACHE = 'compile-cache';
/** The mtime (seconds) of every extracted file; any later write to a file changes it. */
const PINNED_MTIME = 1_000_000_000;

const require = nodeModule.createRequire(import.meta.url);
const fs = require('node:fs') as typeof import('node:fs');
const { join, dirname } = require('node:path') as typeof import('node:path');

const { hash, entry, files, marker } = OPSFLOW_PAYLOAD;

/** Whether `dir` holds the payload's files as extract left them. */
function intact(dir: string): boolean {
  try {
    return files.every(([path, bytes]) => {
      const stat = fs.statSync(join(dir, path));
      return stat.isFile() && stat.size === bytes && stat.mtimeMs === PINNED_MTIME * 1000;
    });
  } catch {
    return false;
  }
}

function payload(): Buffer {
  const self = fs.readFileSync(new URL(import.meta.url));
  const start = self.lastIndexOf(marker) + marker.length;
  const base64 = self.subarray(start, self.length - '*/\n'.length).toString('latin1');
  return (require('node:zlib') as typeof import('node:zlib')).brotliDecompressSync(Buffer.from(base64, 'base64'));
}

function extract(dir: string): void {
  const bytes = payload();
  const aside = `${dir}.${process.pid}.tmp`;
  try {
    let offset = 0;
    for (const [path, size] of files) {
      const file = join(aside, path);
      fs.mkdirSync(dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes.subarray(offset, offset + size));
      offset += size;
      fs.utimesSync(file, PINNED_MTIME, PINNED_MTIME);
    }
    if (!intact(dir)) fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(aside, dir);
  } catch (error) {
    fs.rmSync(aside, { recursive: true, force: true });
    if (!intact(dir)) throw error; // else another run renamed its copy first
  }
}

/** `<tmpdir>/opsflow-<uid>`, created private; refused when it is another user's, a link, or writable by others. */
function privateTmpDir(): string {
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `opsflow-${uid ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} is not a private directory of this user; set XDG_CACHE_HOME to a writable directory`);
  }
  return dir;
}

function userCacheDir(): string {
  const { XDG_CACHE_HOME, HOME } = process.env;
  if (!XDG_CACHE_HOME && !HOME) throw new Error('neither XDG_CACHE_HOME nor HOME is set');
  const dir = XDG_CACHE_HOME ? join(XDG_CACHE_HOME, 'opsflow') : join(HOME!, '.cache', 'opsflow');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The cache directory that holds the payload's files, written first where needed. */
function cachedBundle(): string {
  const failures: string[] = [];
  for (const root of [userCacheDir, privateTmpDir]) {
    try {
      const dir = join(root(), hash);
      if (!intact(dir)) extract(dir);
      return dir;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new Error(`cannot write its cache directory: ${failures.join('; ')}`);
}

let bundle: string | undefined;
try {
  bundle = cachedBundle();
} catch (error) {
  process.stderr.write(`opsflow: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
if (bundle) {
  // The bundle is CommonJS, run with V8's code of each file next to it, written by the first run that loads the file
  // and taken after that run, so it holds the functions the run called: compiling them took 3 to 4 ms of each
  // `--help` on Node's compile cache (docs/cli.md). Where the directory cannot be written, every run compiles.
  runWithCodeCache(join(bundle, entry), {
    require,
    root: bundle,
    cacheDir: join(bundle, CODE_CACHE),
    write: 'missing',
  });
}
