import type { Plugin } from 'esbuild';

export function builtinsThroughRequire(options?: {
  readonly lazy?: Iterable<string>;
  readonly packages?: Iterable<string>;
}): Plugin;
