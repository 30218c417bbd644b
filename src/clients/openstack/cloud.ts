import { PreconditionError } from '../../steps/runtime/errors.js';
import type { StepContext } from '../../steps/runtime/step.js';
import { HttpClient, tlsFetch } from '../http/index.js';
import { KeystoneAuth, type KeystoneAuthOptions, type Token } from './auth.js';
import { EndpointNotFoundError, selectEndpoint } from './catalog.js';
import { type CloudConfig, CloudConfigError, type LoadCloudConfigOptions, loadCloudConfig } from './config.js';

/** Transport options shared by Keystone and every service client of the cloud (fetch, timeouts, retries, logs). */
export type OpenStackCloudOptions = KeystoneAuthOptions & {
  /** Wraps the cloud's transport (the global fetch, or one with its clouds.yaml CA), e.g. in a concurrency limit. */
  readonly wrapFetch?: (transport: typeof fetch) => typeof fetch;
};

export interface ServiceHttpOptions {
  /** Headers on every request to the service, e.g. a microversion. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One configured cloud: its Keystone authentication, shared by the service clients created from it, and HTTP
 * clients for its services located in the token's catalog. A 401 from any service re-authenticates once.
 */
export class OpenStackCloud {
  readonly auth: KeystoneAuth;
  private readonly options: OpenStackCloudOptions;

  constructor(
    readonly config: CloudConfig,
    options: OpenStackCloudOptions = {},
  ) {
    // A private CA or `verify: false` from clouds.yaml holds for Keystone and every service of the cloud.
    const transport = options.fetch ?? (config.tls ? tlsFetch(config.tls) : (url, init) => globalThis.fetch(url, init));
    this.options = { ...options, fetch: options.wrapFetch ? options.wrapFetch(transport) : transport };
    this.auth = new KeystoneAuth(config, this.options);
  }

  /** The cloud configured by `OS_CLOUD` + clouds.yaml and/or `OS_*` variables. */
  static async fromEnv(config: LoadCloudConfigOptions, options: OpenStackCloudOptions = {}): Promise<OpenStackCloud> {
    return new OpenStackCloud(await loadCloudConfig(config), options);
  }

  /**
   * The cloud a step talks to: configuration from the step's environment, the password or application credential
   * secret also from a mounted file (`OS_PASSWORD_FILE`...), retries logged as step events. A missing or invalid
   * configuration is a precondition failure (exit 3): the deployment is wrong, not the input. `fetch` replaces the
   * global one, e.g. a concurrency limit a step shares with its other clients.
   */
  static async fromStepContext(
    ctx: StepContext,
    options: Pick<OpenStackCloudOptions, 'fetch' | 'wrapFetch'> = {},
  ): Promise<OpenStackCloud> {
    const [password, applicationCredentialSecret] = await Promise.all([
      ctx.secret('OS_PASSWORD'),
      ctx.secret('OS_APPLICATION_CREDENTIAL_SECRET'),
    ]);
    try {
      return await OpenStackCloud.fromEnv(
        { env: ctx.env, secrets: { password, applicationCredentialSecret } },
        { ...options, onRetry: (info) => ctx.log.warn('http-retry', { ...info }), signal: ctx.signal },
      );
    } catch (error) {
      if (error instanceof CloudConfigError) throw new PreconditionError(error.message, { cause: error });
      throw error;
    }
  }

  /** The URL of a service for this cloud's interface and region. */
  async endpoint(serviceType: string): Promise<string> {
    const token = await this.auth.token();
    try {
      return selectEndpoint(token.catalog, {
        type: serviceType,
        interface: this.config.interface,
        region: this.config.region,
      });
    } catch (error) {
      // The cloud lacks the service (or the configuration names the wrong region): the deployment is wrong.
      if (error instanceof EndpointNotFoundError) throw new PreconditionError(error.message, { cause: error });
      throw error;
    }
  }

  /** An HTTP client for one service: the token on every request, re-authentication on 401, retries logged. */
  async serviceHttp(serviceType: string, options: ServiceHttpOptions = {}): Promise<HttpClient> {
    const baseUrl = await this.endpoint(serviceType);
    let lastToken: Token | undefined;
    return new HttpClient({
      baseUrl,
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
      deadlineMs: this.options.deadlineMs,
      signal: this.options.signal,
      retry: this.options.retry,
      onRetry: this.options.onRetry,
      headers: async () => {
        lastToken = await this.auth.token();
        return { 'x-auth-token': lastToken.value, ...options.headers };
      },
      onUnauthorized: async () => {
        this.auth.invalidate(lastToken);
        return true;
      },
    });
  }
}
