import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext, StepLogger } from './step.js';

export interface StepContextOptions {
  /** Step name for log lines, e.g. `kubernetes/workload-restart`. */
  readonly step: string;
  readonly target?: string;
  readonly dryRun?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where output files go; default `outputDirOf(env)`. */
  readonly outputDir?: string;
  /** Declared output parameter names (`ctx.output`); writing any other name is a programming error. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** Declared file output names (`ctx.outputPath`); asking for any other name is a programming error. */
  readonly files?: Readonly<Record<string, string>>;
  /** Receives each JSON log line (default: stderr). */
  readonly logSink?: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

/** Where a step pod's outputs go: the WorkflowTemplate sets `OPSFLOW_OUTPUT_DIR` to it and reads its files there. */
export const POD_OUTPUT_DIR = '/tmp/outputs';

/**
 * Where output files and `result.json` go: `OPSFLOW_OUTPUT_DIR`; else, in a pod (`KUBERNETES_SERVICE_HOST`), the
 * template's path; else (a laptop) a new private directory under the OS temp dir, so runs never mix or collide with
 * another user's `/tmp/outputs`. The step logs the directory in its `started` line and in `result.json`.
 */
export function outputDirOf(env: Readonly<Record<string, string | undefined>>): string {
  if (env.OPSFLOW_OUTPUT_DIR) return env.OPSFLOW_OUTPUT_DIR;
  if (env.KUBERNETES_SERVICE_HOST) return POD_OUTPUT_DIR;
  return mkdtempSync(join(tmpdir(), 'opsflow-outputs-'));
}

/** Builds the context a step runs with: JSON logger on stderr, credential reader, output writer. */
export function createStepContext(options: StepContextOptions): StepContext {
  const env = options.env ?? process.env;
  const outputDir = options.outputDir ?? outputDirOf(env);
  const parameters = options.outputs ?? {};
  const files = options.files ?? {};
  const log = createLogger(options);

  const checkParameter = (name: string): void => {
    if (Object.hasOwn(parameters, name)) return;
    if (Object.hasOwn(files, name)) {
      throw new Error(
        `step ${options.step} wrote file output "${name}" as an output parameter; use ctx.outputPath for files`,
      );
    }
    throw new Error(`step ${options.step} wrote undeclared output "${name}"`);
  };
  const checkFile = (name: string): void => {
    if (Object.hasOwn(files, name)) return;
    if (Object.hasOwn(parameters, name)) {
      throw new Error(
        `step ${options.step} asked for a file path for output parameter "${name}"; use ctx.output, or declare it in files`,
      );
    }
    throw new Error(`step ${options.step} asked for undeclared file output "${name}"`);
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
      checkParameter(name);
      mkdirSync(outputDir, { recursive: true });
      writeFileSync(join(outputDir, name), typeof value === 'string' ? value : JSON.stringify(value));
    },
    outputPath(name) {
      checkFile(name);
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
