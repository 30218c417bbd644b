/**
 * What a Workflow needs besides the step's own work: scheduling and image pull, the step's requests before and after
 * its wait (each retried by the HTTP client), and a retry of exit code 75 with its backoff.
 */
export const STARTUP_SECONDS = 600;

/**
 * An action's `deadlineSeconds`: the longest the step may legitimately run (its largest allowed wait, 0 for a step
 * that only sends requests) plus start-up. The catalog tests check it against each step's `timeoutSeconds` maximum.
 */
export function deadlineAfter(stepSeconds: number): number {
  if (!Number.isInteger(stepSeconds) || stepSeconds < 0) {
    throw new Error(`deadlineAfter: stepSeconds must be a whole number of seconds >= 0, got ${stepSeconds}`);
  }
  return stepSeconds + STARTUP_SECONDS;
}
