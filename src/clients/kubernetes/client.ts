import type { Agent } from 'node:http';
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import nodeFetch from 'node-fetch';
import {
  HttpClient,
  HttpError,
  type HttpResponse,
  type RequestOptions,
  type RetryInfo,
  toStepError,
} from '../http/index.js';
import type { RetryPolicy } from '../http/retry-policy.js';

export interface KubernetesClientOptions {
  /** Per-attempt timeout of REST calls. @default 30000 */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Called before each retry (throttling, 5xx, timeouts, resets), for progress logs. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** Aborts every request (the step's `ctx.signal`). */
  readonly signal?: AbortSignal;
}

/**
 * One cluster's REST API on the shared HTTP core (timeouts, retries honouring Retry-After, one error type), with
 * client-node's KubeConfig supplying the server, TLS material and credentials exactly as kubectl would use them.
 * Every failure comes out as a step error naming what was being done.
 */
export class KubernetesClient {
  readonly http: HttpClient;
  private agent: Agent | undefined;

  constructor(
    /** The cluster name the step was given, for messages. */
    readonly cluster: string,
    readonly kubeConfig: KubeConfig,
    options: KubernetesClientOptions = {},
  ) {
    const server = kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error(`kubeconfig of cluster "${cluster}" names no server`);
    this.http = new HttpClient({
      baseUrl: server,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      onRetry: options.onRetry,
      signal: options.signal,
      userAgent: 'opsflow-step',
      headers: () => this.credentials(),
      // client-node's TLS agent (CA, client certificate) needs node-fetch: the global fetch takes no agent.
      fetch: ((url: URL, init: Parameters<typeof nodeFetch>[1]) =>
        nodeFetch(url.toString(), { ...init, agent: this.agent })) as unknown as typeof fetch,
    });
  }

  /** A REST call; `what` names the operation in the error a failure becomes (404 exit 3, 5xx exit 75...). */
  async call<T>(what: string, request: RequestOptions): Promise<HttpResponse<T>> {
    try {
      return await this.http.request<T>(request);
    } catch (error) {
      throw toStepError(withStatusMessage(error), what);
    }
  }

  async get<T>(what: string, path: string, query?: RequestOptions['query']): Promise<T> {
    return (await this.call<T>(what, { method: 'GET', path, query })).data;
  }

  /** Per attempt, so tokens from exec plugins or a rotated ServiceAccount token file stay fresh. */
  private async credentials(): Promise<Record<string, string>> {
    const options: HttpsRequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    this.agent ??= options.agent as Agent | undefined;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    if (options.auth) headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    return headers;
  }
}

/**
 * The API server explains every refusal in a `Status` object; its message (`deployments.apps "web" not found`)
 * reads better in an error than the raw JSON.
 */
function withStatusMessage(error: unknown): unknown {
  if (!(error instanceof HttpError) || !error.responseExcerpt) return error;
  let status: { kind?: unknown; message?: unknown };
  try {
    status = JSON.parse(error.responseExcerpt) as typeof status;
  } catch {
    return error;
  }
  if (status.kind !== 'Status' || typeof status.message !== 'string') return error;
  return error.withExcerpt(status.message);
}
