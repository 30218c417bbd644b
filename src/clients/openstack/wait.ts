import { PreconditionError, TransientError } from '../../steps/runtime/errors.js';
import type { StepLogger } from '../../steps/runtime/step.js';
import { sleep, within } from '../http/index.js';

/** What one poll found: done, failed for good, or still on its way (with a progress label for the logs). */
export type WaitCheck = { readonly done: true } | { readonly failed: string } | { readonly progress: string };

export interface WaitForOptions<S> {
  /** What is awaited, for logs and errors: `node n1 to reach "available"`. */
  readonly what: string;
  /** Reads the current state. */
  readonly poll: () => Promise<S>;
  readonly check: (state: S) => WaitCheck;
  readonly timeoutMs: number;
  /** @default 2000 */
  readonly intervalMs?: number;
  readonly log?: StepLogger;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/**
 * Polls until `check` says done (returns the last state), fails fast with a PreconditionError (exit 3) when it says
 * failed, and gives up with a TransientError (exit 75: the step can be run again) after `timeoutMs`. Each change of
 * the progress label is logged once, so a long wait shows its way through the transient states.
 */
export async function waitFor<S>(options: WaitForOptions<S>): Promise<S> {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? 2000;
  let lastProgress: string | undefined;
  for (;;) {
    // The timeout holds during a poll too: a request that hangs (or retries) does not stretch the wait.
    const state = await within(options.poll(), options.timeoutMs - (now() - started), () => {
      return new TransientError(
        `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what} (last state: ${lastProgress ?? 'no answer yet'})`,
      );
    });
    const check = options.check(state);
    const elapsedMs = now() - started;
    if ('done' in check) {
      options.log?.info('wait-done', { what: options.what, elapsedMs });
      return state;
    }
    if ('failed' in check) {
      options.log?.error('wait-failed', { what: options.what, reason: check.failed, elapsedMs });
      throw new PreconditionError(`${options.what}: ${check.failed}`);
    }
    if (check.progress !== lastProgress) {
      options.log?.info('wait-progress', { what: options.what, state: check.progress, elapsedMs });
      lastProgress = check.progress;
    }
    if (elapsedMs + interval > options.timeoutMs) {
      throw new TransientError(
        `timed out after ${Math.round(elapsedMs / 1000)} s waiting for ${options.what} (last state: ${check.progress})`,
      );
    }
    await sleep(interval, options.signal);
  }
}
