import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepContext, StepLogger } from './step.js';

export interface StepContextOptions {
  /** Step name for log lines, e.g. `kubernetes/workload-restart`. */
  readonly step: string;
  readonly target?: string;
  readonly dryRun?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where output files go; default `OPSFLOW_OUTPUT_DIR` or `/tmp/outputs`. */
  readonly outputDir?: string;
  /** Declared output names; writing any other name is a programming error. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Receives each JSON log line (default: stderr). */
  readonly logSink?: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

/** Where output files and `result.json` go: `OPSFLOW_OUTPUT_DIR`, default `/tmp/outputs`. */
export function outputDirOf(env: Readonly<Record<string, string | undefined>>): string {
  return env.OPSFLOW_OUTPUT_DIR || '/tmp/outputs';
}

/** Builds the context a step runs with: JSON logger on stderr, credential reader, output writer. */
export function createStepContext(options: StepContextOptions): StepContext {
  const env = options.env ?? process.env;
  const outputDir = options.outputDir ?? outputDirOf(env);
  const declared = options.outputs ?? {};
  const log = createLogger(options);

  const checkDeclared = (name: string): void => {
    if (!Object.hasOwn(declared, name)) {
      throw new Error(`step ${options.step} wrote undeclared output "${name}"`);
    }
  };

  return {
    dryRun: options.dryRun ?? false,
    log,
    env,
    signal: options.signal ?? new AbortController().signal,
    async secret(name) {
      const direct = env[name];
      if (direct !== undefined && direct !== '') return direct;
      const file = env[`${name}_FILE`];
      if (!file) return undefined;
      return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    },
    async output(name, value) {
      checkDeclared(name);
      mkdirSync(outputDir, { recursive: true });
      writeFileSync(join(outputDir, name), typeof value === 'string' ? value : JSON.stringify(value));
    },
    outputPath(name) {
      checkDeclared(name);
      mkdirSync(outputDir, { recursive: true });
      return join(outputDir, name);
    },
  };
}

function createLogger(options: StepContextOptions): StepLogger {
  const sink = options.logSink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: string, event: string, fields: Record<string, unknown> = {}): void => {
    sink(
      JSON.stringify({
        time: now().toISOString(),
        level,
        step: options.step,
        ...(options.target ? { target: options.target } : {}),
        event,
        ...fields,
      }),
    );
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
