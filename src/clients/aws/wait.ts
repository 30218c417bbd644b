import { setTimeout as sleep } from 'node:timers/promises';
import { PreconditionError, TransientError } from '../../steps/runtime/errors.js';
import type { StepLogger } from '../../steps/runtime/step.js';

export interface WaitOptions<T> {
  /** What is awaited, for logs and errors, e.g. `DB instance db1`. */
  readonly what: string;
  /** The status wanted, e.g. `available`. */
  readonly target: string;
  /** The state already known (from the describe or the mutating call), so a done target costs no request. */
  readonly initial: T;
  readonly read: () => Promise<T>;
  readonly status: (value: T) => string | undefined;
  /** Statuses that cannot lead to `target`: waiting stops at once with exit 3. */
  readonly terminal: ReadonlySet<string>;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly log: StepLogger;
  readonly signal: AbortSignal;
}

/**
 * Polls until `status` is `target`, with a progress log line per poll. A terminal status fails fast
 * (PreconditionError, exit 3); running out of time is a TransientError (exit 75): the operation was accepted and a
 * retry of the idempotent step resumes the wait.
 */
export async function waitForStatus<T>(options: WaitOptions<T>): Promise<T> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let value = options.initial;
  let status = options.status(value);
  let polls = 0;
  while (status !== options.target) {
    if (status !== undefined && options.terminal.has(status)) {
      throw new PreconditionError(
        `${options.what} reached status ${JSON.stringify(status)} while waiting for ${JSON.stringify(options.target)}`,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TransientError(
        `timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what} to become ` +
          `${JSON.stringify(options.target)} (last status ${JSON.stringify(status)})`,
      );
    }
    await sleep(Math.min(options.intervalMs, remaining), undefined, { signal: options.signal });
    value = await options.read();
    status = options.status(value);
    polls += 1;
    options.log.info('wait', {
      resource: options.what,
      status,
      wanted: options.target,
      polls,
      elapsedSeconds: Math.round((Date.now() - started) / 100) / 10,
    });
  }
  return value;
}
