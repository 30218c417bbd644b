/**
 * yaml for the commands that print or read YAML, imported with `await import('./yaml.js')` so it loads only then.
 * Not `await import('yaml')` itself: yaml is CommonJS for node, and in a split esbuild bundle a dynamic import of a
 * CommonJS module yields only `default` (evanw/esbuild#3245); a static import here gets esbuild's interop.
 */
export { parseAllDocuments, stringify } from 'yaml';
