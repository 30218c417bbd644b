import { HttpClient, type HttpClientOptions } from '../http/index.js';
import type { ServiceCatalog } from './catalog.js';
import type { CloudConfig, Credential, DomainRef, Scope } from './config.js';

/** A Keystone v3 token and what came with it. */
export interface Token {
  /** The `X-Subject-Token` value; a credential, never logged. */
  readonly value: string;
  readonly expiresAt: Date;
  readonly user: { readonly id: string; readonly name?: string };
  readonly project?: { readonly id: string; readonly name?: string; readonly domain?: { readonly id: string } };
  readonly domain?: { readonly id: string; readonly name?: string };
  readonly system?: boolean;
  readonly roles: readonly string[];
  readonly catalog: ServiceCatalog;
}

interface TokenBody {
  token: {
    expires_at: string;
    user: { id: string; name?: string };
    project?: { id: string; name?: string; domain?: { id: string } };
    domain?: { id: string; name?: string };
    system?: { all?: boolean };
    roles?: { name: string }[];
    catalog?: ServiceCatalog;
  };
}

export type KeystoneAuthOptions = Pick<
  HttpClientOptions,
  'fetch' | 'timeoutMs' | 'deadlineMs' | 'retry' | 'onRetry' | 'signal'
> & {
  /** A token is renewed this long before it expires, so a request never starts with a token about to lapse. */
  readonly renewBeforeMs?: number;
  readonly now?: () => number;
};

/**
 * Keystone v3 authentication (password or application credential; project, domain or system scope) with token
 * reuse: one token until shortly before `expires_at`, or until a service answers 401 and `invalidate()` is called.
 * Concurrent callers share one authentication request.
 */
export class KeystoneAuth {
  private readonly http: HttpClient;
  private cached?: Token;
  private pending?: Promise<Token>;
  private readonly renewBeforeMs: number;
  private readonly now: () => number;

  constructor(
    readonly config: CloudConfig,
    options: KeystoneAuthOptions = {},
  ) {
    this.http = new HttpClient({ ...options, baseUrl: config.authUrl });
    this.renewBeforeMs = options.renewBeforeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A valid token, authenticating only when there is none or it is about to expire. */
  token(): Promise<Token> {
    if (this.cached && this.cached.expiresAt.getTime() - this.renewBeforeMs > this.now()) {
      return Promise.resolve(this.cached);
    }
    this.pending ??= this.authenticate()
      .then((token) => {
        this.cached = token;
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /**
   * Forget a token a service rejected with 401, so the next `token()` authenticates again. A token that another
   * caller has already renewed is kept.
   */
  invalidate(rejected?: Token): void {
    if (!rejected || this.cached?.value === rejected.value) this.cached = undefined;
  }

  private async authenticate(): Promise<Token> {
    // Issuing a token changes nothing, so a failed attempt may be repeated like a GET.
    const res = await this.http.post<TokenBody>('auth/tokens', {
      json: { auth: { identity: identity(this.config.credential), ...scopeBody(this.config.scope) } },
      idempotent: true,
    });
    const value = res.headers.get('x-subject-token');
    if (!value) throw new Error(`Keystone at ${this.config.authUrl} issued no X-Subject-Token header`);
    const body = res.data.token;
    return {
      value,
      expiresAt: new Date(body.expires_at),
      user: body.user,
      project: body.project,
      domain: body.domain,
      system: body.system?.all === true,
      roles: (body.roles ?? []).map((role) => role.name),
      catalog: body.catalog ?? [],
    };
  }
}

function identity(credential: Credential): Record<string, unknown> {
  if (credential.type === 'password') {
    return {
      methods: ['password'],
      password: { user: { ...userRef(credential.user), password: credential.password } },
    };
  }
  const ref = credential.id
    ? { id: credential.id }
    : { name: credential.name, ...(credential.user ? { user: userRef(credential.user) } : {}) };
  return { methods: ['application_credential'], application_credential: { ...ref, secret: credential.secret } };
}

function userRef(user: { id: string } | { name: string; domain: DomainRef }): Record<string, unknown> {
  return 'id' in user ? { id: user.id } : { name: user.name, domain: user.domain };
}

function scopeBody(scope: Scope | undefined): { scope?: Record<string, unknown> } {
  if (!scope) return {};
  if ('system' in scope) return { scope: { system: { all: true } } };
  if ('domain' in scope) return { scope: { domain: scope.domain } };
  return { scope: { project: scope.project } };
}
