import { goDurationSeconds } from '../go-duration.js';
import { problem } from '../validation.js';
import type { Backoff } from './types.js';

/** How long a trigger keeps retrying: from its first attempt to its last, without and with the most jitter. */
export interface BackoffSpan {
  readonly attempts: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/**
 * The span of Argo Events' retry loop (v1.9.11 pkg/shared/util/retry.go `DoWithRetry` on k8s.io/apimachinery
 * v0.32 `wait.ExponentialBackoff`): `steps` attempts with a sleep between two of them; the first sleep is
 * `duration`, each next one `factor` times the last (there is no cap: AE's Backoff has none), and jitter adds up to
 * `jitter` times each sleep. `duration` is nanoseconds or a Go duration string.
 */
export function backoffSpan(backoff: Backoff): BackoffSpan | undefined {
  const duration =
    typeof backoff.duration === 'number' ? backoff.duration / 1e9 : goDurationSeconds(backoff.duration ?? '1s');
  if (duration === undefined) return undefined;
  const factor = backoff.factor ?? 1;
  const attempts = backoff.steps ?? 5;
  let sleeps = 0;
  for (let i = 0; i < attempts - 1; i++) sleeps += duration * factor ** i;
  return { attempts, minSeconds: sleeps, maxSeconds: sleeps * (1 + (backoff.jitter ?? 1)) };
}

/** What is wrong with a Backoff, each problem naming `field` and the value. */
export function backoffProblems(field: string, backoff: Backoff, minSpanSeconds: number): string[] {
  const errors: string[] = [];
  if (!(Number.isInteger(backoff.steps) && backoff.steps! >= 1)) {
    errors.push(problem(`${field}.steps`, 'must be an integer of at least 1', backoff.steps));
  }
  if (backoff.factor !== undefined && !(backoff.factor >= 1)) {
    errors.push(problem(`${field}.factor`, 'must be at least 1', backoff.factor));
  }
  if (backoff.jitter !== undefined && !(backoff.jitter >= 0 && backoff.jitter <= 1)) {
    errors.push(problem(`${field}.jitter`, 'must be between 0 and 1', backoff.jitter));
  }
  const span = backoffSpan(backoff);
  if (!span) {
    errors.push(problem(`${field}.duration`, 'must be a Go duration such as "1s" or nanoseconds', backoff.duration));
  } else if (errors.length === 0 && span.minSeconds < minSpanSeconds) {
    errors.push(
      problem(
        field,
        `retries for ${Math.round(span.minSeconds)} s only; it must ride out an API outage of ${minSpanSeconds / 60} minutes (raise steps or factor)`,
        backoff,
      ),
    );
  }
  return errors;
}
