import { goDurationSeconds } from '../go-duration.js';
import type { RetryStrategy, Template, WorkflowSpec } from './argo-types.js';

/**
 * How long a retried template may legitimately keep its node busy: every attempt (the first and `limit` retries)
 * running to its per-attempt deadline (the template's `activeDeadlineSeconds`), plus the backoff between them.
 *
 * Argo Workflows v4.1.2 (workflow/controller/operator.go `processNodeRetries`): the backoff before retry n is
 * `duration * factor^(n-1)`, capped by `cap`, counted from the previous attempt's end; `limit` retries follow the
 * first attempt. `backoff.maxDuration` is counted from the first attempt's start, fails the node once passed, and
 * becomes every retry pod's deadline (`opts.executionDeadline`, then `ARGO_DEADLINE` in workflowpod.go
 * `getDeadline`, which the executor enforces in executor.go `monitorDeadline`); the Workflow's own deadline also
 * stops retries ("retry exceeded workflow deadline") and clamps each pod's `activeDeadlineSeconds`
 * (workflowpod.go). Both must therefore be at least this window, or a late retry is cut short or never runs.
 */
export interface RetryWindow {
  readonly attempts: number;
  readonly attemptSeconds: number;
  readonly backoffSeconds: number;
  readonly seconds: number;
}

/** The window of a template with a `retryStrategy` and a numeric per-attempt deadline; undefined otherwise. */
export function retryWindow(template: Template): RetryWindow | undefined {
  const strategy = template.retryStrategy;
  const attemptSeconds = wholeNumber(template.activeDeadlineSeconds);
  const limit = wholeNumber(strategy?.limit);
  if (!strategy || attemptSeconds === undefined || limit === undefined) return undefined;
  const backoffSeconds = totalBackoffSeconds(strategy, limit);
  const attempts = limit + 1;
  return { attempts, attemptSeconds, backoffSeconds, seconds: attempts * attemptSeconds + backoffSeconds };
}

function totalBackoffSeconds(strategy: RetryStrategy, limit: number): number {
  const base = durationSeconds(strategy.backoff?.duration) ?? 0;
  const factor = wholeNumber(strategy.backoff?.factor) ?? 1;
  const cap = durationSeconds(strategy.backoff?.cap) ?? Number.POSITIVE_INFINITY;
  let total = 0;
  for (let retry = 0; retry < limit; retry++) total += Math.min(cap, base * (factor > 0 ? factor ** retry : 1));
  return total;
}

/**
 * A retry duration as Argo reads it (`ParseStringToDuration`, pkg/apis/workflow/v1alpha1/utils.go): a whole number
 * is seconds, anything else a Go duration ("90s", "1h30m"). Undefined when absent or unparsable.
 */
export function durationSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^[-+]?\d+$/.test(value)) return Number(value);
  return goDurationSeconds(value);
}

/** An IntOrString field holding a whole number (a parameter reference such as `{{inputs...}}` is none). */
function wholeNumber(value: number | string | undefined): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

function describe(window: RetryWindow): string {
  return (
    `${window.seconds} s (${window.attempts} attempts × activeDeadlineSeconds ${window.attemptSeconds} s + ` +
    `${window.backoffSeconds} s of backoff)`
  );
}

/**
 * What would cut a retry short: a retried container without a per-attempt deadline (its window has no bound), a
 * `backoff.maxDuration` shorter than the window, or a Workflow deadline shorter than it. Each message names the
 * template, the field and both values.
 */
export function retryWindowErrors(spec: WorkflowSpec): string[] {
  const errors: string[] = [];
  (spec.templates ?? []).forEach((template, i) => {
    if (!template.retryStrategy || !(template.container || template.script)) return;
    const where = `spec.templates[${i}] "${template.name}"`;
    const window = retryWindow(template);
    if (!window) {
      errors.push(
        `${where} activeDeadlineSeconds: a retried step needs a whole number of seconds as its per-attempt ` +
          `deadline, so that its retry window is bounded (got ${JSON.stringify(template.activeDeadlineSeconds)})`,
      );
      return;
    }
    const maxDuration = template.retryStrategy.backoff?.maxDuration;
    const maxSeconds = durationSeconds(maxDuration);
    if (maxDuration !== undefined && !(maxSeconds !== undefined && maxSeconds >= window.seconds)) {
      errors.push(
        `${where} retryStrategy.backoff.maxDuration: ${maxDuration} (${maxSeconds ?? 'unparsable'} s) is shorter ` +
          `than the template's retry window, ${describe(window)}; Argo counts it from the first attempt and makes ` +
          "it every retry pod's deadline, so a retry would be cut short or never run: leave it out",
      );
    }
    const deadline = spec.activeDeadlineSeconds;
    if (deadline !== undefined && deadline < window.seconds) {
      errors.push(
        `spec.activeDeadlineSeconds: ${deadline} s is shorter than the retry window of ${where}, ${describe(window)}`,
      );
    }
  });
  return errors;
}
