import { sleep, within } from '../../clients/http/retry-policy.js';
import { TransientError } from './errors.js';
import type { StepLogger } from './step.js';

export const DEFAULT_POLL_INTERVAL_MS = 2000;

export interface Progress {
  readonly done: boolean;
  /** What is being waited for right now, e.g. "2 out of 3 new replicas have been updated". */
  readonly message: string;
  /** Structured fields for the progress log line, e.g. `{ status: 'rebooting', wanted: 'available' }`. */
  readonly fields?: Readonly<Record<string, unknown>>;
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
 * The one wait of the Kubernetes and AWS steps (a rollout, a Job, an RDS instance or snapshot status): polls `check`
 * until it reports done, logging each change of progress (`waiting`, then `wait-done`). A check throws to fail for
 * good (a PreconditionError: exit 3). Running out of time is transient (exit 75): the change may still converge, and
 * the template's retry of the idempotent step looks again. SIGTERM (the signal) ends the wait at once.
 */
export async function waitFor(check: () => Promise<Progress>, options: WaitOptions): Promise<Progress> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let last = '';
  let lastMessage = 'no answer yet';
  const timedOut = () =>
    new TransientError(
      `timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what}: ${lastMessage}`,
    );
  for (;;) {
    // The deadline holds during a check too: a request that hangs (or retries) does not stretch the wait.
    const progress = await within(check(), deadline - Date.now(), timedOut);
    lastMessage = progress.message;
    if (progress.message !== last) {
      options.log.info(progress.done ? 'wait-done' : 'waiting', {
        what: options.what,
        message: progress.message,
        ...progress.fields,
        elapsedMs: Date.now() - started,
      });
      last = progress.message;
    }
    if (progress.done) return progress;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut();
    await sleep(Math.min(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, remaining), options.signal);
  }
}
