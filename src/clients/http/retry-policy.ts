/** Retry as a separate policy (octokit style): which failures retry, and how long to wait before the next attempt. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * The longest Retry-After honoured by waiting in-process; a server asking for more gets no retry here (the error
   * carries `retryAfterMs`, and the step exits 75 for the template's retryStrategy). @default 60000
   */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  minDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** Statuses that mean "try again later"; everything else is an answer. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Delay before retry number `attempt` (1-based): exponential backoff jittered between `minDelayMs` and
 * `minDelayMs * 2^attempt` (the first retry too: clients failing together must not retry together), but never
 * shorter than the server's Retry-After (the client does not retry at all when that exceeds `maxRetryAfterMs`).
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  const jittered = policy.minDelayMs + random() * Math.max(0, ceiling - policy.minDelayMs);
  return retryAfterMs === undefined ? Math.round(jittered) : Math.max(Math.round(jittered), retryAfterMs);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * `work`, or `timeoutError()` once `ms` have passed without it settling: a deadline that holds during a request,
 * not only between two (the request goes on until its own timeout or abort; its outcome is then ignored).
 */
export function within<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeoutError()), Math.max(0, ms));
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
