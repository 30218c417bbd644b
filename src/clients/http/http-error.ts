/** The one error type of every hand-written client: what was asked, what came back, never a credential. */
/**
 * `invalid-response`: a 2xx whose body is not what it claims (JSON that does not parse, a page that is no listing).
 * `foreign-origin`: a server's link or redirect the client refuses to follow with the credentials (another origin,
 * or from https to http).
 */
export type HttpErrorKind = 'http' | 'timeout' | 'network' | 'certificate' | 'invalid-response' | 'foreign-origin';

export interface HttpErrorDetails {
  readonly kind: HttpErrorKind;
  readonly method: string;
  /** The request URL with credentials redacted. */
  readonly url: string;
  readonly status?: number;
  /** At most 500 characters of the response body, credentials redacted. */
  readonly responseExcerpt?: string;
  /** Parsed Retry-After of a 429/503, in milliseconds. */
  readonly retryAfterMs?: number;
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  /** What went wrong below HTTP (ECONNRESET, ...), credentials redacted. */
  readonly detail?: string;
  readonly cause?: unknown;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly kind: HttpErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly responseExcerpt?: string;
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  constructor(details: HttpErrorDetails) {
    super(describe(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.responseExcerpt = details.responseExcerpt;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
  }

  /** The same failure with the service's own message as its excerpt (not its raw, sometimes twice-encoded body). */
  withExcerpt(responseExcerpt: string): HttpError {
    return new HttpError({
      kind: this.kind,
      method: this.method,
      url: this.url,
      status: this.status,
      responseExcerpt,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      cause: this,
    });
  }
}

function describe(details: HttpErrorDetails): string {
  const target = `${details.method} ${details.url}`;
  const tries = details.attempts && details.attempts > 1 ? ` after ${details.attempts} attempts` : '';
  switch (details.kind) {
    case 'http':
      return `${target} returned ${details.status}${tries}${details.responseExcerpt ? `: ${details.responseExcerpt}` : ''}`;
    case 'invalid-response':
      return `${target} returned ${details.status}${tries} with a body that is not the JSON it claims${details.detail ? ` (${details.detail})` : ''}${details.responseExcerpt ? `: ${details.responseExcerpt}` : ''}`;
    case 'foreign-origin':
      return `${target} refused: ${details.detail}`;
    case 'timeout':
      return `${target} timed out${tries}`;
    case 'certificate':
      return `${target} failed: the server certificate did not verify${details.detail ? ` (${details.detail})` : ''}`;
    case 'network':
      return `${target} failed${tries}${details.detail ? `: ${details.detail}` : ''}`;
  }
}
