/**
 * zod's functional API (`zod/mini`) with English messages: what every schema a step start builds is written in
 * (`import * as z from '../common/zod-mini.js'`). zod's classic API attaches dozens of methods to every schema
 * instance and is 3x the module; a step validates one input, so it loads only this (docs/steps.md, start-up).
 * Classic zod sets English on its first schema; zod/mini sets no locale, so its messages would read "Invalid input":
 * this sets the same English once, for every user of this module. (Classic zod also installs a memoizer, for values
 * that contain themselves; a step's input, parsed from JSON, flags and variables, never does.) Code outside a step
 * start (catalog, CLI, synth) keeps classic zod; both share zod's core, so the schemas mix and the messages match.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
