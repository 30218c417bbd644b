#!/usr/bin/env node
// `npx opsflow-step` right after `npm ci`: runs the TypeScript sources through tsx, no build needed. The images run
// the esbuild bundles instead (`npm run build`, dist/<image>/opsflow-step.cjs).
import { register } from 'tsx/esm/api';

register();
await import('../src/steps/bin/all.ts');
