/**
 * An esbuild plugin: Node's built-in modules through `require`, not `import`. An ESM import of a built-in goes through
 * its ES module facade, which reads every export of the module once to bind the names, and so runs every lazy getter:
 * importing anything from `node:fs` loads `fs.promises`, the streams and readline (about 3 ms of a step start), and
 * importing `node:http` loads undici (about 50 ms of a synth). `require` hands back the module object, whose getters
 * run only when the code touches them. (Node v24: lib/internal/bootstrap/realm.js, BuiltinModule getESMFacade and
 * syncExports.) The bundle needs a `require` (a banner with `createRequire(import.meta.url)`).
 *
 * The built-ins named in `lazy` load only when the code first reads one of their exports, for those that cost
 * milliseconds to load and that a start does not use; their export names are the building Node's. Those named in
 * `packages` are left to esbuild's resolver, e.g. for an `alias` to the npm package of the same name.
 */
import { createRequire, isBuiltin } from 'node:module';

/** @param {{ lazy?: Iterable<string>, packages?: Iterable<string> }} [options] built-ins, without `node:` */
export function builtinsThroughRequire({ lazy = [], packages = [] } = {}) {
  const lazyNames = new Set(lazy);
  const packageNames = new Set(packages);
  /** @type {import('esbuild').Plugin} */
  return {
    name: 'builtins-through-require',
    setup(builder) {
      builder.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        if (args.namespace === 'builtin') return { path: args.path, external: true };
        // `await import('node:x')` is already lazy, and node's own import() hands back every export; through the
        // stand-in a split bundle would give only `default` (evanw/esbuild#3245).
        if (args.kind === 'dynamic-import' && isBuiltin(args.path)) return { path: args.path, external: true };
        return isBuiltin(args.path) && !packageNames.has(args.path)
          ? { path: args.path, namespace: 'builtin' }
          : undefined;
      });
      builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
        const id = JSON.stringify(args.path);
        if (!lazyNames.has(args.path.replace(/^node:/, ''))) {
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
}
