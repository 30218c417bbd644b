import type { StepError } from '../../steps/runtime/errors.js';
import { HttpError, toStepError } from '../http/index.js';

/**
 * The human message inside an OpenStack error body, whichever service sent it:
 * Ironic `{"error_message": "<JSON string with faultstring>"}` (encoded twice), Keystone
 * `{"error": {"message": ...}}`, Nova and Neutron `{"<fault name>": {"message": ...}}` or `{"NeutronError": ...}`.
 */
export function openstackErrorMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  if (typeof parsed.error_message === 'string') {
    try {
      const inner: unknown = JSON.parse(parsed.error_message);
      if (isRecord(inner) && typeof inner.faultstring === 'string') return inner.faultstring;
    } catch {
      return parsed.error_message;
    }
  }
  for (const value of Object.values(parsed)) {
    if (isRecord(value) && typeof value.message === 'string') return value.message;
  }
  return undefined;
}

/** An HttpError whose excerpt is the service's own message rather than its raw (sometimes twice-encoded) body. */
export function withServerMessage(error: HttpError): HttpError {
  const message = openstackErrorMessage(error.responseExcerpt);
  if (!message) return error;
  return error.withExcerpt(message);
}

/** `toStepError` for OpenStack services: the same exit-code mapping, with the service's message. */
export function openstackStepError(error: unknown, what: string): StepError {
  return toStepError(error instanceof HttpError ? withServerMessage(error) : error, what);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs one client call, turning its failure into the step error for `what` (e.g. `read node n1`). */
export async function withStepErrors<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw openstackStepError(error, what);
  }
}

/**
 * A failure after which the request may have been applied all the same: a reset, a timeout, a gateway's 502/503/504.
 * A change whose answer is lost is resolved by reading what the service now shows, never by blind repetition.
 */
export function isAnswerLost(error: unknown): error is HttpError {
  return (
    error instanceof HttpError &&
    (error.kind === 'network' ||
      error.kind === 'timeout' ||
      (error.kind === 'http' && [502, 503, 504].includes(error.status ?? 0)))
  );
}
