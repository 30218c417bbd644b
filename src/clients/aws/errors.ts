import {
  InvalidInputError,
  NotFoundError,
  PreconditionError,
  StepError,
  TransientError,
} from '../../steps/runtime/errors.js';
import { TRANSIENT_SOCKET_CODES } from '../socket-errors.js';

/** What the AWS SDK v3 attaches to a service error (`ServiceException`) or a failed request. */
interface AwsErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number; readonly requestId?: string };
}

// Error names as the SDK reports them: the modelled exception name (`...Fault`) or the wire code for unmodelled ones.
const NOT_FOUND = new Set([
  'DBInstanceNotFound',
  'DBInstanceNotFoundFault',
  'DBSnapshotNotFound',
  'DBSnapshotNotFoundFault',
  'ReplicationGroupNotFoundFault',
]);
const INVALID_STATE = new Set([
  'InvalidDBInstanceState',
  'InvalidDBInstanceStateFault',
  'InvalidDBSnapshotState',
  'InvalidDBSnapshotStateFault',
  'DBSnapshotAlreadyExists',
  'DBSnapshotAlreadyExistsFault',
  'SnapshotQuotaExceeded',
  'SnapshotQuotaExceededFault',
  'InvalidReplicationGroupState',
  'InvalidReplicationGroupStateFault',
]);
/** The server rejected a parameter: the input is wrong, retrying cannot help. */
const INVALID_INPUT = new Set([
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'MissingParameter',
  'ValidationError',
]);
/** Credentials or permissions: a setup problem, not retried. */
const ACCESS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'UnrecognizedClientException',
  'CredentialsProviderError',
]);
// The SDK's own classification (standard retry mode); reaching us means its retries are used up.
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/**
 * Turns an AWS SDK failure into the step exit-code contract: not found, invalid state and any other client fault
 * exit 3, a rejected parameter exits 2, throttling and server or network faults (after the SDK's own retries) exit 75;
 * only a failure without an answer from the service that the SDK did not retry stays an unexpected error (exit 1).
 * `operation` names the call and its target, e.g. `RebootDBInstance db1`.
 */
export function toStepError(error: unknown, operation: string): Error {
  if (error instanceof StepError) return error;
  if (!(error instanceof Error)) return new Error(`${operation} failed: ${String(error)}`);
  if (error.name === 'AbortError') return error;
  const aws = error as Error & AwsErrorShape;
  const name = aws.name ?? 'Error';
  const status = aws.$metadata?.httpStatusCode;
  const attempts = aws.$metadata?.attempts;
  const detail = `${operation}: ${name}${status ? ` (HTTP ${status})` : ''}: ${aws.message}`;
  const options = { cause: error };

  if (NOT_FOUND.has(name)) return new NotFoundError(detail, options);
  if (INVALID_STATE.has(name)) return new PreconditionError(detail, options);
  if (INVALID_INPUT.has(name)) return new InvalidInputError(detail, options);
  if (ACCESS.has(name)) return new PreconditionError(detail, options);
  if (
    THROTTLING.has(name) ||
    TIMEOUT_NAMES.has(name) ||
    TRANSIENT_SOCKET_CODES.has(aws.code ?? '') ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    aws.$fault === 'server' ||
    // No HTTP answer yet retried: the SDK judged it transient (its wrapper can hide the socket error's code).
    (status === undefined && attempts !== undefined && attempts > 1)
  ) {
    const tries = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
    return new TransientError(`${detail}${tries}`, options);
  }
  // Any other answer the service refused (a 4xx client fault: OptInRequired, IncompleteSignature, a new error code)
  // is final: retrying cannot change it, and it is no bug of the step.
  if (aws.$fault === 'client' || (status !== undefined && status >= 400 && status < 500)) {
    return new PreconditionError(detail, options);
  }
  return new Error(detail, options);
}
