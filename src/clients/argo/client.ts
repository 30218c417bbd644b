import { HttpClient, type HttpClientOptions, type QueryValue } from '../http/index.js';
import { ndjsonResults } from './ndjson.js';
import type { components, paths } from './schema.js';

type Schemas = components['schemas'];
export type Workflow = Schemas['io.argoproj.workflow.v1alpha1.Workflow'];
export type WorkflowTemplate = Schemas['io.argoproj.workflow.v1alpha1.WorkflowTemplate'];
export type NodeStatus = Schemas['io.argoproj.workflow.v1alpha1.NodeStatus'];
export type Parameter = Schemas['io.argoproj.workflow.v1alpha1.Parameter'];
export type LogEntry = Schemas['io.argoproj.workflow.v1alpha1.LogEntry'];
export type WorkflowWatchEvent = Schemas['io.argoproj.workflow.v1alpha1.WorkflowWatchEvent'];
export type UserInfo = Schemas['io.argoproj.workflow.v1alpha1.GetUserInfoResponse'];

type Method = 'get' | 'put' | 'post' | 'delete';
/** The paths that have an operation for `M`. */
type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? X : never;
type Body<O> = O extends { requestBody: { content: { 'application/json': infer X } } } ? X : never;
type Ok<O> = O extends { responses: { 200: { content: { 'application/json': infer X } } } } ? X : never;
/** A streaming operation's 200 schema is `{result?: T, error?: StreamError}`; the stream yields the results. */
type StreamItem<O> = Ok<O> extends { result?: infer R } ? NonNullable<R> : never;

export type CallOptions<O> = ([PathParams<O>] extends [never]
  ? { readonly path?: undefined }
  : { readonly path: PathParams<O> }) & {
  readonly query?: QueryParams<O>;
  readonly body?: Body<O>;
  readonly signal?: AbortSignal;
};

export interface ArgoClientOptions extends Pick<HttpClientOptions, 'fetch' | 'timeoutMs' | 'retry' | 'onRetry'> {
  /** `https://host:port/base-href`, as `argo` builds it from ARGO_SERVER, ARGO_SECURE and ARGO_BASE_HREF. */
  readonly baseUrl: string;
  /** The Authorization header value, `Bearer <token>` (ARGO_TOKEN), sent as-is like `argo` does. */
  readonly authorization: string;
}

/**
 * The Argo Server REST API (grpc-gateway over the gRPC services) typed by the generated schema.ts, on the shared HTTP
 * core: timeouts, retries of idempotent calls only, the token redacted from every error, one error type (HttpError).
 */
export class ArgoClient {
  readonly http: HttpClient;

  constructor(options: ArgoClientOptions) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      onRetry: options.onRetry,
      headers: { authorization: options.authorization },
      userAgent: 'opsflow-cli',
    });
  }

  /** One unary call; the path template's `{name}` placeholders are filled from `options.path`. */
  async call<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    options: CallOptions<Operation<P, M>> = {} as CallOptions<Operation<P, M>>,
  ): Promise<Ok<Operation<P, M>>> {
    const response = await this.http.request<Ok<Operation<P, M>>>({
      method: method.toUpperCase() as 'GET',
      path: fillPath(path, (options.path ?? {}) as Record<string, string>),
      query: options.query as Record<string, QueryValue> | undefined,
      json: options.body,
      signal: options.signal,
    });
    return response.data;
  }

  /** A server-streaming GET (workflow watch, logs): each `{"result": ...}` line as it arrives. */
  async *stream<P extends PathOf<'get'>>(
    path: P,
    options: CallOptions<Operation<P, 'get'>>,
  ): AsyncGenerator<StreamItem<Operation<P, 'get'>>, void, undefined> {
    const filled = fillPath(path, (options.path ?? {}) as Record<string, string>);
    const query = options.query as Record<string, QueryValue> | undefined;
    const response = await this.http.request<AsyncIterable<Uint8Array>>({
      path: filled,
      query,
      stream: true,
      signal: options.signal,
    });
    const url = this.http.url(filled, query).toString();
    yield* ndjsonResults<StreamItem<Operation<P, 'get'>>>(response.data, { method: 'GET', url });
  }
}

function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path ${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}
