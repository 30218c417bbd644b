import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepCatalog } from '../../../src/steps/runtime/catalog.js';
import { runStepCli } from '../../../src/steps/runtime/cli.js';

export interface CliRun {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr lines that are JSON log lines. */
  readonly logs: Record<string, unknown>[];
  /** What a person reads on stderr besides the log lines: a failed step's message (one line each, with `\n`). */
  readonly message: string;
  readonly outputDir: string;
  /** result.json, when the step wrote one. */
  result(): Record<string, unknown>;
}

/** Runs `opsflow-step <argv>` in-process with captured stdio, its own output dir, and the given environment. */
export async function runCli(
  catalog: StepCatalog,
  argv: readonly string[],
  options: { env?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const outputDir = mkdtempSync(join(tmpdir(), 'opsflow-step-test-'));
  let stdout = '';
  let stderr = '';
  const exits: number[] = [];
  await runStepCli(argv, catalog, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { OPSFLOW_OUTPUT_DIR: outputDir, ...options.env },
    exit: (code) => {
      exits.push(code);
    },
    signal: options.signal ?? new AbortController().signal,
  });
  if (exits.length !== 1) throw new Error(`exit called ${exits.length} times`);
  return {
    code: exits[0],
    stdout,
    stderr,
    logs: stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>),
    message: stderr
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('{'))
      .map((line) => `${line}\n`)
      .join(''),
    outputDir,
    result: () => JSON.parse(readFileSync(join(outputDir, 'result.json'), 'utf8')) as Record<string, unknown>,
  };
}
