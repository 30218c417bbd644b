import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepCatalog, StepManifest } from './catalog.js';
import { createStepContext, outputDirOf } from './context.js';
import { ExitCode, InterruptedError, StepError } from './errors.js';
import { capToTail, fileOutputCap } from './file-cap.js';
import { type InputSources, readStepInput } from './input.js';
import type { RuntimeIo } from './io.js';
import { createRedactor } from './redact.js';
import type { StepContext, StepResult } from './step.js';

/** Exit code of a step stopped by SIGTERM (128 + 15, what a shell reports); not retried by the templates. */
export const TERMINATED = 143;

/** What `result.json` holds, for Argo output parameters and people reading the workflow. */
interface ResultDocument {
  readonly step: string;
  readonly target: string | null;
  readonly outcome: StepResult['outcome'] | 'failed';
  readonly message: string;
  readonly details?: Record<string, unknown>;
  readonly durationMs: number;
  readonly dryRun: boolean;
  readonly exitCode: number;
  /** Stopped by SIGTERM part-way: `details` say what had been done. */
  readonly interrupted?: true;
  /** Where this file and the step's output files are (outside a pod, a new temp directory per run). */
  readonly outputDir: string;
}

/**
 * Runs one step: loads it, reads and validates its input, runs it with a context, and reports the outcome as JSON
 * log lines on stderr, `result.json` in the output directory and its message in plain text (for people at a
 * terminal) on stdout when it succeeded, on stderr when it failed. Returns the exit code.
 */
export async function executeStep(
  catalog: StepCatalog,
  manifest: StepManifest,
  request: InputSources & { readonly dryRun: boolean },
  io: RuntimeIo,
): Promise<number> {
  const id = `${manifest.system}/${manifest.name}`;
  // Date, not the `performance` global, which loads perf_hooks (a millisecond of every start).
  const started = Date.now();
  const outputDir = outputDirOf(io.env);
  const redactor = createRedactor(io.env);
  const logSink = (line: string): void => io.stderr(`${redactor.redact(line)}\n`);
  let target: string | null = null;
  let ctx: StepContext = createStepContext({ step: id, env: io.env, outputDir, logSink, signal: io.signal });

  const report = async (
    result: Omit<ResultDocument, 'step' | 'target' | 'durationMs' | 'dryRun' | 'outputDir'>,
  ): Promise<void> => {
    const document: ResultDocument = {
      step: id,
      target,
      ...result,
      durationMs: Date.now() - started,
      dryRun: request.dryRun,
      outputDir,
    };
    // Sync, as ctx.output writes: node:fs/promises would add milliseconds to every step start (a refused input too).
    mkdirSync(outputDir, { recursive: true });
    // Redacted like the log lines: a message or details could quote a credential.
    writeFileSync(join(outputDir, 'result.json'), `${redactor.redact(JSON.stringify(document, null, 2))}\n`);
    const { message, step: _step, target: _target, ...fields } = document;
    if (document.outcome === 'failed') ctx.log.error('failed', { ...fields, error: message });
    else ctx.log.info('finished', { ...fields, message });
  };

  try {
    const step = await catalog.load(manifest.system, manifest.name);
    const input = await readStepInput(manifest, step.input, request);
    target = step.target(input);
    const base = createStepContext({
      step: id,
      target,
      dryRun: request.dryRun,
      env: io.env,
      outputDir,
      outputs: step.outputs,
      files: step.files,
      logSink,
      signal: io.signal,
    });
    ctx = {
      ...base,
      secret: async (name) => {
        const value = await base.secret(name);
        if (value) redactor.remember(value);
        return value;
      },
      // Output parameters end up in the Workflow's status and the UI, like logs: the same redaction.
      output: (name, value) =>
        base.output(name, redactor.redact(typeof value === 'string' ? value : JSON.stringify(value))),
    };
    const cap = step.cappedFiles?.length ? fileOutputCap(io.env) : undefined;
    ctx.log.info('started', { dryRun: request.dryRun, outputDir });
    let result: StepResult;
    try {
      result = await step.run(input, ctx);
    } finally {
      // Also after a failure: whatever the step wrote becomes an output parameter all the same.
      if (cap !== undefined) await capFiles(step.cappedFiles ?? [], outputDir, cap, ctx);
    }
    if (request.dryRun && result.outcome === 'changed') {
      throw new Error(`step ${id} reported a change during --dry-run`);
    }
    await report({ outcome: result.outcome, message: result.message, details: result.details, exitCode: 0 });
    io.stdout(`${redactor.redact(result.message)}\n`);
    return ExitCode.Done;
  } catch (error) {
    if (io.signal.aborted) {
      const { message, details } =
        error instanceof InterruptedError ? error : { message: describeError(error), details: undefined };
      await report({
        outcome: 'failed',
        message: `interrupted by SIGTERM: ${message}`,
        details,
        exitCode: TERMINATED,
        interrupted: true,
      });
      io.stderr(`${redactor.redact(`interrupted by SIGTERM: ${message}`)}\n`);
      return TERMINATED;
    }
    const exitCode = error instanceof StepError ? error.exitCode : 1;
    // Unexpected errors are bugs: name and message only; a stack could carry request details.
    const message = error instanceof StepError ? error.message : `unexpected error: ${describeError(error)}`;
    await report({ outcome: 'failed', message, exitCode });
    // Like every error (usage errors, bugs): stdout carries only what a successful step says.
    io.stderr(`${redactor.redact(message)}\n`);
    return exitCode;
  }
}

async function capFiles(names: readonly string[], outputDir: string, maxBytes: number, ctx: StepContext) {
  for (const name of names) {
    const capped = await capToTail(join(outputDir, name), maxBytes);
    if (capped && capped.kept < capped.size) ctx.log.info('file-output-capped', { name, ...capped, maxBytes });
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
