#!/usr/bin/env node
import { processIo } from './io.js';
import { createProgram, runCli } from './program.js';

const io = processIo();
process.exitCode = await runCli(createProgram(io), process.argv.slice(2), io);
