/**
 * zod's `safeParse`, which the runtime imports when a step runs (src/steps/runtime/input.ts): the step's schema has
 * loaded zod by then, and the runtime's own start (`--help`, `list`) loads none of it. A module of its own because
 * esbuild keeps every export of a module imported dynamically: importing src/common/zod-mini.ts so would bundle all
 * of zod/mini, its 40 locales too.
 */
export { safeParse } from '../../common/zod-mini.js';
