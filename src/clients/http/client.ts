import { shorten } from '../../common/shorten.js';
import { HttpError, type HttpErrorKind } from './http-error.js';
import { isRedactedHeader, REDACTED, redactText, redactUrl } from './redact.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryPolicy,
  sleep,
} from './retry-policy.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
type HeaderMap = Record<string, string>;

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const EXCERPT_LENGTH = 500;
const MAX_REDIRECTS = 5;
/** What a request keeps when a redirect leaves the configured origin: no credential of any name. */
const HEADERS_WITHOUT_CREDENTIALS = new Set(['accept', 'user-agent', 'content-type']);
/** Failures no repetition can fix. */
const FINAL_KINDS: ReadonlySet<HttpErrorKind> = new Set(['certificate', 'foreign-origin']);

export interface RequestOptions {
  /** @default 'GET' */
  readonly method?: HttpMethod;
  /**
   * A path relative to the client's baseUrl, or an absolute URL (e.g. a `next` link). An absolute URL on another
   * origin is rewritten onto the baseUrl's when its path lies under the baseUrl's (a proxy that emits `http://` or
   * its internal host name), and refused otherwise: credentials go only to the configured origin.
   */
  readonly path: string;
  /** Appended to the URL; undefined and null values are skipped, arrays repeat the key. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly headers?: Readonly<HeaderMap>;
  /** Serialized as JSON with `Content-Type: application/json` unless a content type is given. */
  readonly json?: unknown;
  readonly body?: string | Uint8Array;
  /**
   * Whether a failed attempt may be repeated; a 429 is repeated regardless. @default true for GET, HEAD, PUT, DELETE,
   * OPTIONS
   */
  readonly idempotent?: boolean;
  /** Per-attempt timeout. @default the client's timeoutMs */
  readonly timeoutMs?: number;
  /** For all attempts and the waits between them together. @default the client's deadlineMs */
  readonly deadlineMs?: number;
  /** Aborts this request, besides the client's own signal. */
  readonly signal?: AbortSignal;
  /** Non-2xx statuses that are answers rather than errors (e.g. 404 for an existence check). */
  readonly expect?: readonly number[];
  /**
   * The URL itself is a credential (an incoming webhook's address): errors and retry logs show only its origin.
   * @default false
   */
  readonly secretUrl?: boolean;
  /**
   * Resolve as soon as a 2xx status and headers arrive, `data` being the unread body (an async iterable of byte
   * chunks), for endpoints that stream; the timeout then covers only the wait for the headers.
   */
  readonly stream?: boolean;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, text when the response is not JSON, undefined when empty. */
  readonly data: T;
  readonly url: string;
}

export interface RetryInfo {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly method: string;
  readonly url: string;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per attempt. @default 30000 */
  readonly timeoutMs?: number;
  /**
   * For one request, all its attempts and the waits between them together: no retry starts that could not finish
   * before it, and the last attempt's timeout is cut to what is left. @default 120000
   */
  readonly deadlineMs?: number;
  /** Aborts every request of the client (a step's `ctx.signal`: SIGTERM), in flight or waiting to be retried. */
  readonly signal?: AbortSignal;
  /** @default { retries: 4, minDelayMs: 200, maxDelayMs: 10000, maxRetryAfterMs: 60000 } */
  readonly retry?: Partial<RetryPolicy>;
  /** Headers on every request, e.g. a token or a microversion; a function is called per attempt. */
  readonly headers?: Readonly<HeaderMap> | (() => HeaderMap | Promise<HeaderMap>);
  /** Called on 401: re-authenticate and return true to repeat the request once with fresh headers. */
  readonly onUnauthorized?: () => Promise<boolean>;
  /** Called before each retry, for progress logs. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** Header names to redact besides Authorization, X-Auth-Token, X-Subject-Token and cookies. */
  readonly redactHeaders?: readonly string[];
  /** @default 'opsflow' */
  readonly userAgent?: string;
  /** @internal tests make jitter deterministic */
  readonly random?: () => number;
}

/** The HTTP core every hand-written client is built on: timeouts, retries, one error type, redaction. */
export class HttpClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  get<T>(path: string, options: Omit<RequestOptions, 'path' | 'method'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, path, method: 'GET' });
  }
  post<T>(path: string, options: Omit<RequestOptions, 'path' | 'method'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, path, method: 'POST' });
  }
  put<T>(path: string, options: Omit<RequestOptions, 'path' | 'method'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, path, method: 'PUT' });
  }
  patch<T>(path: string, options: Omit<RequestOptions, 'path' | 'method'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, path, method: 'PATCH' });
  }
  delete<T>(path: string, options: Omit<RequestOptions, 'path' | 'method'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, path, method: 'DELETE' });
  }

  /** The absolute URL a request goes to. */
  url(path: string, query?: RequestOptions['query']): URL {
    const url = new URL(/^https?:\/\//.test(path) ? path : path.replace(/^\//, ''), this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  }

  async request<T>(request: RequestOptions): Promise<HttpResponse<T>> {
    const method = request.method ?? 'GET';
    const url = this.onConfiguredOrigin(this.url(request.path, request.query), method);
    const shownUrl = request.secretUrl ? `${url.origin}/${REDACTED}` : redactUrl(url.toString());
    // fetch refuses URLs with user info; send it the way curl does, as Basic authentication.
    const basic = url.username ? basicAuthorization(url) : undefined;
    const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const signals = [this.options.signal, request.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const deadline = Date.now() + (request.deadlineMs ?? this.options.deadlineMs ?? 120_000);
    let reauthenticated = false;

    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const headers = await this.headersFor(request);
      if (basic) headers.authorization ??= basic;
      const outcome = await this.attempt<T>(method, url, headers, { ...request, signal }, deadline - Date.now());
      if ('response' in outcome) return outcome.response;

      const { failure } = outcome;
      if (failure.status === 401 && this.options.onUnauthorized && !reauthenticated) {
        reauthenticated = true;
        if (await this.options.onUnauthorized()) {
          attempt--;
          continue;
        }
      }
      const retryable =
        failure.kind === 'http' ? RETRYABLE_STATUSES.has(failure.status ?? 0) : !FINAL_KINDS.has(failure.kind);
      // A 429 is a refusal before any work (RFC 6585 section 4), so even a non-idempotent request may be repeated.
      const repeatable = idempotent || failure.status === 429;
      const waitTooLong = (failure.retryAfterMs ?? 0) > (this.policy.maxRetryAfterMs ?? 60_000);
      const delayMs = backoffDelay(attempt, this.policy, failure.retryAfterMs, this.options.random);
      const pastDeadline = Date.now() + delayMs >= deadline;
      if (!retryable || !repeatable || attempt > this.policy.retries || waitTooLong || pastDeadline) {
        const secrets = this.secretValues(headers);
        throw new HttpError({
          ...failure,
          method,
          url: shownUrl,
          attempts: attempt,
          responseExcerpt:
            failure.responseExcerpt && shorten(redactText(failure.responseExcerpt, secrets), EXCERPT_LENGTH, ''),
          detail: failure.detail && redactText(failure.detail.split(url.toString()).join(shownUrl), secrets),
        });
      }
      this.options.onRetry?.({ attempt, delayMs, reason: reasonOf(failure), method, url: shownUrl });
      await sleep(delayMs, signal);
    }
  }

  private async attempt<T>(
    method: HttpMethod,
    url: URL,
    headers: HeaderMap,
    request: RequestOptions,
    untilDeadlineMs: number,
  ): Promise<{ response: HttpResponse<T> } | { failure: Failure }> {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException('timed out', 'TimeoutError')),
      Math.max(0, Math.min(request.timeoutMs ?? this.timeoutMs, untilDeadlineMs)),
    );
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    let body: string | Uint8Array | undefined = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] ??= 'application/json';
    }
    try {
      const res = await this.fetchFollowingRedirects(url, { method, headers, body, signal });
      if ('failure' in res) return res;
      if (request.stream && res.ok) {
        return { response: { status: res.status, headers: res.headers, data: res.body as T, url: res.url } };
      }
      const text = await res.text();
      if (res.ok || request.expect?.includes(res.status)) {
        const data = parseBody(res, text);
        // A proxy's truncated or HTML answer under a JSON content type: never an answer (an empty listing...).
        if (data instanceof SyntaxError) {
          return {
            failure: {
              kind: 'invalid-response',
              status: res.status,
              detail: data.message,
              responseExcerpt: shorten(text, EXCERPT_LENGTH * 4, ''),
            },
          };
        }
        return { response: { status: res.status, headers: res.headers, data: data as T, url: res.url } };
      }
      return {
        failure: {
          kind: 'http',
          status: res.status,
          responseExcerpt: shorten(text, EXCERPT_LENGTH * 4, ''),
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
        },
      };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      const kind: HttpErrorKind = timeout.signal.aborted
        ? 'timeout'
        : isCertificateError(error)
          ? 'certificate'
          : 'network';
      return { failure: { kind, cause: error, detail: networkCause(error) } };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The URL a request may go to with the client's credentials: one on the configured origin. A server-supplied
   * absolute URL (a `next` link) on another origin whose path lies under the baseUrl's path is the same API seen
   * through a proxy that emits `http://` or an internal host name (Nautobot, Ironic and Keystone build links from
   * the request they see): it is rewritten onto the configured origin, so https is never downgraded. Any other
   * origin is refused.
   */
  private onConfiguredOrigin(url: URL, method: string): URL {
    const base = new URL(this.baseUrl);
    if (url.origin === base.origin) return url;
    if (url.pathname.startsWith(base.pathname)) {
      const rewritten = new URL(url);
      rewritten.protocol = base.protocol;
      rewritten.host = base.host;
      return rewritten;
    }
    throw new HttpError({
      kind: 'foreign-origin',
      method,
      url: redactUrl(url.toString()),
      detail: `the link leaves the API the client is configured for (${base.origin}${base.pathname}), which alone gets its credentials; configure the server's public URL`,
    });
  }

  /**
   * fetch with redirects followed here rather than by fetch, which would carry custom credential headers
   * (X-Auth-Token, a Token) to any host and follow https to http. A redirect within the configured origin keeps the
   * headers; one to another origin drops every credential; one from https to http is refused.
   */
  private async fetchFollowingRedirects(
    url: URL,
    init: { method: HttpMethod; headers: HeaderMap; body: string | Uint8Array | undefined; signal: AbortSignal },
  ): Promise<Response | { failure: Failure }> {
    const configured = new URL(this.baseUrl).origin;
    let target = url;
    let { method, headers, body } = init;
    for (let hop = 0; ; hop++) {
      const res = await this.fetchImpl(target, { method, headers, body, signal: init.signal, redirect: 'manual' });
      const location = res.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
      await res.body?.cancel();
      const next = new URL(location, target);
      const refuse = (detail: string) => ({ failure: { kind: 'foreign-origin' as const, status: res.status, detail } });
      if (hop === MAX_REDIRECTS) return refuse(`more than ${MAX_REDIRECTS} redirects`);
      if (target.protocol === 'https:' && next.protocol !== 'https:') {
        return refuse(`redirect from https to ${redactUrl(next.toString())}`);
      }
      if (!['http:', 'https:'].includes(next.protocol)) return refuse(`redirect to ${next.protocol}`);
      if (next.origin !== configured) {
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => HEADERS_WITHOUT_CREDENTIALS.has(name)));
      }
      // What fetch does: 303, and 301/302 after a POST, become a GET without a body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        const { 'content-type': _dropped, ...rest } = headers;
        headers = rest;
      }
      target = next;
    }
  }

  private async headersFor(request: RequestOptions): Promise<HeaderMap> {
    const shared = typeof this.options.headers === 'function' ? await this.options.headers() : this.options.headers;
    const merged: HeaderMap = { accept: 'application/json', 'user-agent': this.options.userAgent ?? 'opsflow' };
    for (const source of [shared, request.headers]) {
      for (const [name, value] of Object.entries(source ?? {})) merged[name.toLowerCase()] = value;
    }
    return merged;
  }

  private secretValues(headers: HeaderMap): string[] {
    return Object.entries(headers)
      .filter(([name]) => isRedactedHeader(name, this.options.redactHeaders))
      .flatMap(([, value]) => [value, value.replace(/^\w+\s+/, '')]);
  }
}

interface Failure {
  readonly kind: HttpErrorKind;
  readonly status?: number;
  readonly responseExcerpt?: string;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
  readonly detail?: string;
}

function reasonOf(failure: Failure): string {
  return failure.kind === 'http' ? `status ${failure.status}` : failure.kind;
}

function basicAuthorization(url: URL): string {
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A server certificate that does not verify is a configuration problem: retrying cannot fix it. */
function isCertificateError(error: unknown): boolean {
  const codes = [error, (error as { cause?: unknown })?.cause].map((e) => (e as { code?: unknown })?.code);
  return codes.some(
    (code) => typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code),
  );
}

/** undici hides the socket error (ECONNRESET, ECONNREFUSED, certificate codes) in `cause`. */
function networkCause(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (jest's VM modules), where instanceof Error fails.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown; code?: unknown } };
  if (cause && typeof cause.message === 'string') {
    return typeof cause.code === 'string' ? `${cause.code} (${cause.message})` : cause.message;
  }
  return typeof message === 'string' ? message : String(error);
}

/** The body: JSON when its content type says so (a SyntaxError when it does not parse), else its text. */
function parseBody(res: Response, text: string): unknown {
  if (text === '') return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (/[/+]json\b/.test(type)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return error instanceof SyntaxError ? error : new SyntaxError(String(error));
    }
  }
  return text;
}
