/** Which files' code a run writes at exit. */
export type CodeCacheWrites =
  /** Every file it loaded: a warm-up, whose later runs add what they compiled besides. */
  | 'all'
  /** The files it had no usable code for: a user's cache, filled by the first run that loads each file. */
  | 'missing'
  /** None: a read-only cache (an image's). */
  | 'none';

export interface CodeCacheOptions {
  /** `require` of the caller, for Node's built-ins (the bundle's and this module's own: fs, path, vm). */
  readonly require: NodeJS.Require;
  /** The bundle's directory: cache files are named by paths relative to it. */
  readonly root: string;
  /** The directory of the cache files. */
  readonly cacheDir: string;
  readonly write: CodeCacheWrites;
}

/** Runs `entry`, a file of the bundle, as CommonJS, and with it every bundle file it requires (each once). */
export function runWithCodeCache(entry: string, options: CodeCacheOptions): void;
