import { NotFoundError, PreconditionError, type StepError, TransientError } from '../../steps/runtime/errors.js';
import { HttpError } from './http-error.js';

/**
 * Maps a client failure onto the step exit-code contract: not found, refusals, an unverifiable server
 * certificate and a link to another origin are final (exit 3); throttling,
 * server errors, timeouts and network failures are transient (exit 75, retried by the template). Errors that are
 * already StepErrors pass through; anything else is rethrown untouched (a bug, exit 1).
 */
export function toStepError(error: unknown, what: string): StepError {
  if (error instanceof HttpError) {
    const message = `${what}: ${error.message}`;
    if (error.kind === 'certificate' || error.kind === 'foreign-origin') {
      return new PreconditionError(message, { cause: error });
    }
    if (error.kind !== 'http') return new TransientError(message, { cause: error });
    const status = error.status ?? 0;
    if (status === 404) return new NotFoundError(message, { cause: error });
    if (status === 429 || status >= 500) return new TransientError(message, { cause: error });
    return new PreconditionError(message, { cause: error });
  }
  if (isStepError(error)) return error;
  throw error;
}

function isStepError(error: unknown): error is StepError {
  return error instanceof Error && typeof (error as Partial<StepError>).exitCode === 'number';
}
