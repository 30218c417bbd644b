#!/usr/bin/env node
// Every step family in one binary: what developers run (`npx tsx src/steps/bin/all.ts`, or `opsflow-step` after
// `npm run build && npm link`).
import { main } from '../runtime/main.js';
import { allFamilies } from './families.js';

await main(allFamilies);
