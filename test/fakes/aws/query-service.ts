import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SigV4Credentials, verifySigV4 } from './sigv4.js';

/**
 * The AWS Query protocol as the SDK's Query clients (RDS, ElastiCache...) speak it, for fake services on 127.0.0.1:
 * `POST /` with an `application/x-www-form-urlencoded` body (`Action=...&Version=...`), a SigV4 signature verified
 * independently of the SDK (sigv4.ts), `<{Action}Response><{Action}Result>` answers and `<ErrorResponse>` documents
 * with their HTTP status codes, and injected faults (throttling, 5xx, connection resets, slow or lost answers). A
 * service supplies its API (SigV4 name, Version, XML namespace) and its actions.
 */

export const FAKE_CREDENTIALS: SigV4Credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
export const ACCOUNT = '123456789012';

/** An injected fault for the next `times` requests (of `action`, or of any action). */
export type Fault =
  | { readonly kind: 'throttle' }
  | { readonly kind: 'status'; readonly status: 500 | 503 }
  | { readonly kind: 'reset' }
  | { readonly kind: 'delay'; readonly ms: number }
  /** The request is carried out, then the connection drops before the answer: the SDK retries a call that worked. */
  | { readonly kind: 'lose-answer' }
  /** An `<ErrorResponse>` with any code, e.g. one of the common errors of every AWS Query API (`OptInRequired`). */
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string };

/** One request as received: action, the decoded form parameters, and the raw pieces checked by the tests. */
export interface RecordedRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
}

/** The API a fake serves: SigV4 service name, the `Version` parameter it requires and its XML namespace. */
export interface QueryApi {
  readonly service: string;
  readonly version: string;
  readonly xmlns: string;
}

export interface QueryServiceOptions {
  readonly region?: string;
  readonly credentials?: SigV4Credentials;
}

/** An error answer: `<ErrorResponse><Error><Type/><Code/><Message/></Error>` with this HTTP status. */
export class QueryFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export abstract class FakeQueryService {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: { action?: string; times: number; fault: Fault }[] = [];
  private server?: Server;

  protected constructor(
    private readonly api: QueryApi,
    /** Actions that change nothing: everything else is what a dry run must never send. */
    private readonly readActions: ReadonlySet<string>,
    private readonly queryOptions: QueryServiceOptions,
  ) {}

  get region(): string {
    return this.queryOptions.region ?? 'eu-west-1';
  }

  /** The `<...Result>` content of an action; throws a QueryFault for an error answer. */
  protected abstract dispatch(action: string, params: Record<string, string>): string;

  /** Starts listening on 127.0.0.1 with an ephemeral port; returns the endpoint URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` requests (of `action`, when given) get `fault` instead of an answer. */
  inject(fault: Fault, times: number, action?: string): void {
    this.faults.push({ fault, times, action });
  }

  /** The Action of every request received, in order (including faulted ones). */
  actions(): string[] {
    return this.requests.map((request) => request.action);
  }

  /** Requests that were not reads: what a dry run must never send. */
  mutatingRequests(): RecordedRequest[] {
    return this.requests.filter((request) => !this.readActions.has(request.action));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const params = Object.fromEntries(new URLSearchParams(body));
    const action = params.Action ?? '';
    res.setHeader('x-amzn-RequestId', randomUUID());
    this.requests.push({
      action,
      params,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
    });

    const fault = this.takeFault(action);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (res.destroyed) return;

    const { xmlns } = this.api;
    try {
      if (fault?.kind === 'throttle') throw new QueryFault(400, 'Throttling', 'Rate exceeded');
      if (fault?.kind === 'error') {
        throw new QueryFault(fault.status, fault.code, fault.message, fault.status >= 500 ? 'Receiver' : 'Sender');
      }
      if (fault?.kind === 'status') {
        throw fault.status === 503
          ? new QueryFault(503, 'ServiceUnavailable', 'Service is unavailable. Please try again later.', 'Receiver')
          : new QueryFault(500, 'InternalFailure', 'An internal error has occurred. Please try again.', 'Receiver');
      }
      this.checkEnvelope(req, body, params);
      const result = this.dispatch(action, params);
      if (fault?.kind === 'lose-answer') {
        req.socket.destroy();
        return;
      }
      this.send(
        res,
        200,
        `<${action}Response xmlns="${xmlns}">
  <${action}Result>${result}</${action}Result>
  <ResponseMetadata><RequestId>${res.getHeader('x-amzn-RequestId')}</RequestId></ResponseMetadata>
</${action}Response>`,
      );
    } catch (error) {
      if (!(error instanceof QueryFault)) throw error;
      this.send(
        res,
        error.status,
        `<ErrorResponse xmlns="${xmlns}">
  <Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error>
  <RequestId>${res.getHeader('x-amzn-RequestId')}</RequestId>
</ErrorResponse>`,
      );
    }
  }

  private send(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) }).end(body);
  }

  private takeFault(action: string): Fault | undefined {
    const entry = this.faults.find((f) => f.times > 0 && (f.action === undefined || f.action === action));
    if (!entry) return undefined;
    entry.times -= 1;
    return entry.fault;
  }

  /** What every Query request must look like before its action is even considered. */
  private checkEnvelope(req: IncomingMessage, body: string, params: Record<string, string>): void {
    if (req.method !== 'POST' || req.url !== '/') {
      throw new QueryFault(400, 'InvalidAction', `expected POST /, got ${req.method} ${req.url}`);
    }
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      throw new QueryFault(400, 'InvalidParameterValue', `unsupported content type ${req.headers['content-type']}`);
    }
    const rejection = verifySigV4(
      { method: 'POST', path: '/', headers: req.headers, body },
      this.queryOptions.credentials ?? FAKE_CREDENTIALS,
      { region: this.region, service: this.api.service },
    );
    if (rejection) throw new QueryFault(403, rejection.code, rejection.message);
    if (params.Version !== this.api.version) {
      throw new QueryFault(400, 'InvalidParameterValue', `unsupported Version ${JSON.stringify(params.Version)}`);
    }
  }
}

/** A required form parameter, or the MissingParameter error AWS answers without it. */
export function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw new QueryFault(400, 'MissingParameter', `The request must contain the parameter ${name}`);
  }
  return value;
}

export function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
