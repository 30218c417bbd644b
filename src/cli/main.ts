#!/usr/bin/env node
import { processIo } from './io.js';
import { createProgram, runCli } from './program.js';

const io = processIo();
// No top-level await: the release runs this bundle as CommonJS (scripts/build-bundles.ts buildCommonJs).
void runCli(createProgram(io), process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
