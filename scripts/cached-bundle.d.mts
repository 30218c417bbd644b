export function cachedBundle(options: {
  readonly root: string;
  readonly entry: string;
  readonly sources: readonly string[];
  readonly files?: readonly string[];
  readonly cacheDir: string;
}): Promise<string>;
