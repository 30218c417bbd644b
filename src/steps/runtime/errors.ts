/**
 * The step exit-code contract (DESIGN.md "Step"): every failure a step reports is one of these errors, and the
 * runtime turns it into the process exit code. Argo's retryStrategy retries exit code 75 only.
 */
export const ExitCode = {
  Done: 0,
  InvalidInput: 2,
  Precondition: 3,
  Transient: 75,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class StepError extends Error {
  override readonly name: string = 'StepError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Exit 2: the input is wrong; the message names the field and the value. Never retried. */
export class InvalidInputError extends StepError {
  override readonly name = 'InvalidInputError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.InvalidInput, options);
  }
}

/** Exit 3: the target is in a state the step refuses to act on (locked, wrong kind, invalid state). Not retried. */
export class PreconditionError extends StepError {
  override readonly name = 'PreconditionError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Precondition, options);
  }
}

/** Exit 3: the target does not exist. Not retried. */
export class NotFoundError extends StepError {
  override readonly name = 'NotFoundError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Precondition, options);
  }
}

/** Exit 75: a transient failure that survived the step's own retries; the template's retryStrategy retries it. */
export class TransientError extends StepError {
  override readonly name = 'TransientError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Transient, options);
  }
}

/**
 * Exit 143: the step was stopped by SIGTERM part-way through; `details` (also in result.json) says what it had done
 * by then, e.g. which servers a drain had moved.
 */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
