#!/usr/bin/env node
// Every step family in one binary: what developers run (`npx opsflow-step`, through bin/opsflow-step.mjs) and
// dist/all/ bundles.
import { main } from '../runtime/main.js';
import { allFamilies } from './families.js';

void main(allFamilies);
