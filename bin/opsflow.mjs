#!/usr/bin/env node
// `npx opsflow` right after `npm install`: runs the TypeScript sources through tsx, no build needed. A release uses
// the single-file bundle instead (`npm run build`, dist/cli/opsflow.mjs).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
