import { TransientError } from '../../steps/runtime/errors.js';
import type { StepLogger } from '../../steps/runtime/step.js';
import { sleep } from '../http/index.js';

export const DEFAULT_POLL_INTERVAL_MS = 2000;

export interface Progress {
  readonly done: boolean;
  /** What is being waited for right now, e.g. "2 out of 3 new replicas have been updated". */
  readonly message: string;
}

export interface WaitOptions {
  /** What is awaited, for the log and the timeout error: "rollout of Deployment shop/web". */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly log: StepLogger;
  readonly signal?: AbortSignal;
}

/**
 * Polls `check` until it reports done, logging each change of progress. Running out of time is transient
 * (exit 75): the rollout may still converge, and the template's retry looks again.
 */
export async function waitFor(check: () => Promise<Progress>, options: WaitOptions): Promise<Progress> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let last = '';
  for (;;) {
    const progress = await check();
    if (progress.message !== last) {
      options.log.info(progress.done ? 'wait-done' : 'waiting', {
        what: options.what,
        message: progress.message,
        elapsedMs: Date.now() - started,
      });
      last = progress.message;
    }
    if (progress.done) return progress;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TransientError(
        `timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what}: ${progress.message}`,
      );
    }
    await sleep(Math.min(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, remaining), options.signal);
  }
}
