import { PreconditionError } from '../../steps/runtime/errors.js';
import type { StepContext } from '../../steps/runtime/step.js';
import { HttpClient, type HttpClientOptions } from '../http/index.js';
import { type Matcher, matcherText } from './matchers.js';

export type SilenceState = 'active' | 'pending' | 'expired';

/** What `POST /api/v2/silences` takes (`postableSilence`). */
export interface PostableSilence {
  readonly matchers: readonly Matcher[];
  /** RFC 3339. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

/** What the listing and `GET /api/v2/silence/{id}` return (`gettableSilence`). */
export interface Silence extends PostableSilence {
  readonly id: string;
  readonly status: { readonly state: SilenceState };
  readonly updatedAt: string;
}

export interface AlertmanagerClientOptions {
  /** Alertmanager's address, e.g. `http://alertmanager.monitoring:9093` (a path prefix is kept). */
  readonly url: string;
  /** Sent as `Authorization: Bearer` (an authenticating proxy in front of Alertmanager). */
  readonly token?: string;
  /** Basic authentication (Alertmanager's own `--web.config.file` basic_auth_users). */
  readonly basic?: { readonly username: string; readonly password: string };
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly retry?: HttpClientOptions['retry'];
  readonly onRetry?: HttpClientOptions['onRetry'];
  readonly signal?: AbortSignal;
}

/** Alertmanager API v2 silences on the HTTP core. */
export class AlertmanagerClient {
  readonly http: HttpClient;

  constructor(options: AlertmanagerClientOptions) {
    const authorization = options.token
      ? `Bearer ${options.token}`
      : options.basic
        ? `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`
        : undefined;
    this.http = new HttpClient({
      baseUrl: `${options.url.replace(/\/+$/, '')}/api/v2/`,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      onRetry: options.onRetry,
      signal: options.signal,
      headers: authorization ? { authorization } : {},
    });
  }

  /**
   * From the step environment: `ALERTMANAGER_URL`; optionally a bearer token (`ALERTMANAGER_TOKEN` or
   * `ALERTMANAGER_TOKEN_FILE`) or basic authentication (`ALERTMANAGER_USERNAME` with `ALERTMANAGER_PASSWORD` or
   * `ALERTMANAGER_PASSWORD_FILE`). A missing URL is a deployment error (exit 3), not the step's input.
   */
  static async fromContext(
    ctx: StepContext,
    options: Partial<Omit<AlertmanagerClientOptions, 'url' | 'token' | 'basic'>> = {},
  ): Promise<AlertmanagerClient> {
    const url = ctx.env.ALERTMANAGER_URL;
    if (!url || !/^https?:\/\//.test(url)) {
      throw new PreconditionError(
        `ALERTMANAGER_URL must be the http(s) address of Alertmanager, got ${JSON.stringify(url)}`,
      );
    }
    const token = await ctx.secret('ALERTMANAGER_TOKEN');
    const username = ctx.env.ALERTMANAGER_USERNAME;
    const password = username ? await ctx.secret('ALERTMANAGER_PASSWORD') : undefined;
    if (username && !password) {
      throw new PreconditionError(
        'ALERTMANAGER_USERNAME is set but no password: set ALERTMANAGER_PASSWORD or ALERTMANAGER_PASSWORD_FILE',
      );
    }
    return new AlertmanagerClient({
      url,
      token,
      basic: username && password ? { username, password } : undefined,
      onRetry: (info) => ctx.log.warn('alertmanager-retry', { ...info }),
      signal: ctx.signal,
      ...options,
    });
  }

  /**
   * Silences having every one of `matchers` (same name, operator and value: upstream api/v2/api.go
   * CheckSilenceMatchesFilterLabels, v0.25.0), in every state; expired ones are kept for `--data.retention`.
   */
  async listSilences(matchers: readonly Matcher[] = []): Promise<Silence[]> {
    const res = await this.http.get<Silence[]>('silences', { query: { filter: matchers.map(matcherText) } });
    return res.data ?? [];
  }

  /** The silence, or undefined when Alertmanager does not know the id (404). */
  async getSilence(id: string): Promise<Silence | undefined> {
    const res = await this.http.get<Silence>(`silence/${encodeURIComponent(id)}`, { expect: [404] });
    return res.status === 404 ? undefined : res.data;
  }

  /** Creates a silence and returns its id. Not repeated by the HTTP core: a lost answer may have created it. */
  async createSilence(silence: PostableSilence): Promise<string> {
    const res = await this.http.post<{ silenceID: string }>('silences', { json: silence });
    return res.data.silenceID;
  }

  /** Expires a silence now; Alertmanager accepts this for an already expired one (silence/silence.go expire). */
  async expireSilence(id: string): Promise<void> {
    await this.http.delete(`silence/${encodeURIComponent(id)}`);
  }
}
