import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SigV4Credentials, verifySigV4 } from './sigv4.js';

/**
 * A fake Amazon RDS endpoint on 127.0.0.1 speaking the RDS Query protocol (API version 2014-10-31) the way
 * @aws-sdk/client-rds does: `POST /` with an `application/x-www-form-urlencoded` body (`Action=...&Version=...`),
 * a SigV4 signature it verifies, and the XML answers and `<ErrorResponse>` documents (with their HTTP status codes)
 * of the RDS API reference. Instances and snapshots move through RDS's transitional statuses after a number of
 * describe polls, and faults (throttling, 5xx, connection resets, slow answers) can be injected.
 */

export const RDS_XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';
export const FAKE_CREDENTIALS: SigV4Credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const ACCOUNT = '123456789012';

export interface FakeInstanceSpec {
  readonly id: string;
  readonly status?: string;
  readonly multiAZ?: boolean;
  readonly engine?: string;
  /** Describe polls before a transitional status settles. @default the server's `pollsToSettle` */
  readonly pollsToSettle?: number;
  /** Where a transitional status settles, overriding RDS's usual outcome, e.g. `{ rebooting: 'storage-full' }`. */
  readonly settlesTo?: Readonly<Partial<Record<Transitional, string>>>;
}

export interface FakeSnapshotSpec {
  readonly id: string;
  readonly instance: string;
  readonly status?: string;
  /** Where a `creating` snapshot settles. @default 'available' */
  readonly settlesTo?: string;
}

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

type Transitional = 'rebooting' | 'starting' | 'stopping' | 'backing-up';
const SETTLED: Record<Transitional, string> = {
  rebooting: 'available',
  starting: 'available',
  stopping: 'stopped',
  'backing-up': 'available',
};

interface Instance {
  id: string;
  status: string;
  multiAZ: boolean;
  engine: string;
  pollsLeft: number;
  pollsToSettle: number;
  settlesTo: Readonly<Partial<Record<Transitional, string>>>;
  created: string;
}

interface Snapshot {
  id: string;
  instance: string;
  status: string;
  settlesTo: string;
  pollsLeft: number;
  created: string;
}

class RdsFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

const READ_ACTIONS = new Set(['DescribeDBInstances', 'DescribeDBSnapshots']);

export class FakeRds {
  readonly requests: RecordedRequest[] = [];
  private readonly instances = new Map<string, Instance>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly faults: { action?: string; times: number; fault: Fault }[] = [];
  private server?: Server;

  constructor(
    private readonly options: { region?: string; pollsToSettle?: number; credentials?: SigV4Credentials } = {},
  ) {}

  get region(): string {
    return this.options.region ?? 'eu-west-1';
  }

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

  addInstance(spec: FakeInstanceSpec): void {
    const pollsToSettle = spec.pollsToSettle ?? this.options.pollsToSettle ?? 2;
    this.instances.set(spec.id.toLowerCase(), {
      id: spec.id.toLowerCase(),
      status: spec.status ?? 'available',
      multiAZ: spec.multiAZ ?? false,
      engine: spec.engine ?? 'postgres',
      pollsLeft: pollsToSettle,
      pollsToSettle,
      settlesTo: spec.settlesTo ?? {},
      created: '2026-01-05T10:00:00.000Z',
    });
  }

  addSnapshot(spec: FakeSnapshotSpec): void {
    this.snapshots.set(spec.id.toLowerCase(), {
      id: spec.id.toLowerCase(),
      instance: spec.instance.toLowerCase(),
      status: spec.status ?? 'available',
      settlesTo: spec.settlesTo ?? 'available',
      pollsLeft: this.options.pollsToSettle ?? 2,
      created: '2026-01-06T10:00:00.000Z',
    });
  }

  instanceStatus(id: string): string | undefined {
    return this.instances.get(id.toLowerCase())?.status;
  }

  snapshotStatus(id: string): string | undefined {
    return this.snapshots.get(id.toLowerCase())?.status;
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
    return this.requests.filter((request) => !READ_ACTIONS.has(request.action));
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

    try {
      if (fault?.kind === 'throttle') throw new RdsFault(400, 'Throttling', 'Rate exceeded');
      if (fault?.kind === 'error') {
        throw new RdsFault(fault.status, fault.code, fault.message, fault.status >= 500 ? 'Receiver' : 'Sender');
      }
      if (fault?.kind === 'status') {
        throw fault.status === 503
          ? new RdsFault(503, 'ServiceUnavailable', 'Service is unavailable. Please try again later.', 'Receiver')
          : new RdsFault(500, 'InternalFailure', 'An internal error has occurred. Please try again.', 'Receiver');
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
        `<${action}Response xmlns="${RDS_XMLNS}">
  <${action}Result>${result}</${action}Result>
  <ResponseMetadata><RequestId>${res.getHeader('x-amzn-RequestId')}</RequestId></ResponseMetadata>
</${action}Response>`,
      );
    } catch (error) {
      if (!(error instanceof RdsFault)) throw error;
      this.send(
        res,
        error.status,
        `<ErrorResponse xmlns="${RDS_XMLNS}">
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

  /** What every RDS Query request must look like before its action is even considered. */
  private checkEnvelope(req: IncomingMessage, body: string, params: Record<string, string>): void {
    if (req.method !== 'POST' || req.url !== '/') {
      throw new RdsFault(400, 'InvalidAction', `expected POST /, got ${req.method} ${req.url}`);
    }
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
      throw new RdsFault(400, 'InvalidParameterValue', `unsupported content type ${req.headers['content-type']}`);
    }
    const rejection = verifySigV4(
      { method: 'POST', path: '/', headers: req.headers, body },
      this.options.credentials ?? FAKE_CREDENTIALS,
      { region: this.region, service: 'rds' },
    );
    if (rejection) throw new RdsFault(403, rejection.code, rejection.message);
    if (params.Version !== '2014-10-31') {
      throw new RdsFault(400, 'InvalidParameterValue', `unsupported Version ${JSON.stringify(params.Version)}`);
    }
  }

  private dispatch(action: string, params: Record<string, string>): string {
    switch (action) {
      case 'DescribeDBInstances':
        return this.describeInstances(params);
      case 'DescribeDBSnapshots':
        return this.describeSnapshots(params);
      case 'RebootDBInstance':
        return this.reboot(params);
      case 'StartDBInstance':
        return this.transition(params, 'stopped', 'starting');
      case 'StopDBInstance':
        return this.stopInstance(params);
      case 'CreateDBSnapshot':
        return this.createSnapshot(params);
      default:
        throw new RdsFault(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }

  private describeInstances(params: Record<string, string>): string {
    const id = params.DBInstanceIdentifier;
    const found = id === undefined ? [...this.instances.values()] : [this.instance(id)];
    for (const instance of found) this.pollInstance(instance);
    return `<DBInstances>${found.map((instance) => this.instanceXml(instance)).join('')}</DBInstances>`;
  }

  private describeSnapshots(params: Record<string, string>): string {
    let found = [...this.snapshots.values()];
    if (params.DBSnapshotIdentifier !== undefined) {
      const snapshot = this.snapshots.get(params.DBSnapshotIdentifier.toLowerCase());
      if (!snapshot)
        throw new RdsFault(404, 'DBSnapshotNotFound', `DBSnapshot ${params.DBSnapshotIdentifier} not found.`);
      found = [snapshot];
    }
    if (params.DBInstanceIdentifier !== undefined) {
      found = found.filter((snapshot) => snapshot.instance === params.DBInstanceIdentifier?.toLowerCase());
    }
    for (const snapshot of found) this.pollSnapshot(snapshot);
    return `<DBSnapshots>${found.map((snapshot) => this.snapshotXml(snapshot)).join('')}</DBSnapshots>`;
  }

  private reboot(params: Record<string, string>): string {
    const instance = this.instance(required(params, 'DBInstanceIdentifier'));
    if (params.ForceFailover === 'true' && !instance.multiAZ) {
      throw new RdsFault(
        400,
        'InvalidParameterCombination',
        'Cannot force a failover on a DB instance that is not Multi-AZ.',
      );
    }
    return this.transition(params, 'available', 'rebooting');
  }

  private stopInstance(params: Record<string, string>): string {
    const instance = this.instance(required(params, 'DBInstanceIdentifier'));
    this.requireStatus(instance, 'available');
    const snapshotId = params.DBSnapshotIdentifier;
    if (snapshotId !== undefined) this.newSnapshot(snapshotId, instance);
    return this.transition(params, 'available', 'stopping');
  }

  private createSnapshot(params: Record<string, string>): string {
    const instance = this.instance(required(params, 'DBInstanceIdentifier'));
    if (instance.status !== 'stopped') this.requireStatus(instance, 'available');
    const snapshot = this.newSnapshot(required(params, 'DBSnapshotIdentifier'), instance);
    if (instance.status === 'available') this.setStatus(instance, 'backing-up');
    return this.snapshotXml(snapshot);
  }

  private newSnapshot(id: string, instance: Instance): Snapshot {
    if (this.snapshots.has(id.toLowerCase())) {
      throw new RdsFault(
        400,
        'DBSnapshotAlreadyExists',
        `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`,
      );
    }
    const snapshot: Snapshot = {
      id: id.toLowerCase(),
      instance: instance.id,
      status: 'creating',
      settlesTo: 'available',
      pollsLeft: instance.pollsToSettle,
      created: new Date().toISOString(),
    };
    this.snapshots.set(snapshot.id, snapshot);
    return snapshot;
  }

  private transition(params: Record<string, string>, from: string, to: Transitional): string {
    const instance = this.instance(required(params, 'DBInstanceIdentifier'));
    this.requireStatus(instance, from);
    this.setStatus(instance, to);
    return this.instanceXml(instance);
  }

  private requireStatus(instance: Instance, status: string): void {
    if (instance.status !== status) {
      throw new RdsFault(400, 'InvalidDBInstanceState', `Instance ${instance.id} is not in ${status} state.`);
    }
  }

  private setStatus(instance: Instance, status: string): void {
    instance.status = status;
    instance.pollsLeft = instance.pollsToSettle;
  }

  private instance(id: string): Instance {
    const instance = this.instances.get(id.toLowerCase());
    if (!instance) throw new RdsFault(404, 'DBInstanceNotFound', `DBInstance ${id} not found.`);
    return instance;
  }

  /** A describe is a poll: transitional statuses settle after `pollsToSettle` of them. */
  private pollInstance(instance: Instance): void {
    const status = instance.status as Transitional;
    if (!(status in SETTLED)) return;
    instance.pollsLeft -= 1;
    if (instance.pollsLeft > 0) return;
    instance.status = instance.settlesTo[status] ?? SETTLED[status];
    // A snapshot taken before stopping or while backing up completes with its instance.
    for (const snapshot of this.snapshots.values()) {
      if (snapshot.instance === instance.id && snapshot.status === 'creating') snapshot.status = snapshot.settlesTo;
    }
  }

  private pollSnapshot(snapshot: Snapshot): void {
    if (snapshot.status !== 'creating') return;
    snapshot.pollsLeft -= 1;
    if (snapshot.pollsLeft > 0) return;
    snapshot.status = snapshot.settlesTo;
    const instance = this.instances.get(snapshot.instance);
    if (instance?.status === 'backing-up') instance.status = 'available';
  }

  private instanceXml(instance: Instance): string {
    return `<DBInstance>
  <DBInstanceIdentifier>${xml(instance.id)}</DBInstanceIdentifier>
  <DBInstanceClass>db.t3.medium</DBInstanceClass>
  <Engine>${xml(instance.engine)}</Engine>
  <DBInstanceStatus>${xml(instance.status)}</DBInstanceStatus>
  <MasterUsername>admin</MasterUsername>
  <Endpoint><Address>${xml(instance.id)}.abcdefghijkl.${this.region}.rds.amazonaws.com</Address><Port>5432</Port><HostedZoneId>Z29XKXDKYMONMX</HostedZoneId></Endpoint>
  <AllocatedStorage>100</AllocatedStorage>
  <InstanceCreateTime>${instance.created}</InstanceCreateTime>
  <AvailabilityZone>${this.region}a</AvailabilityZone>
  <MultiAZ>${instance.multiAZ}</MultiAZ>${instance.multiAZ ? `\n  <SecondaryAvailabilityZone>${this.region}b</SecondaryAvailabilityZone>` : ''}
  <EngineVersion>16.4</EngineVersion>
  <DBInstanceArn>arn:aws:rds:${this.region}:${ACCOUNT}:db:${xml(instance.id)}</DBInstanceArn>
</DBInstance>`;
  }

  private snapshotXml(snapshot: Snapshot): string {
    return `<DBSnapshot>
  <DBSnapshotIdentifier>${xml(snapshot.id)}</DBSnapshotIdentifier>
  <DBInstanceIdentifier>${xml(snapshot.instance)}</DBInstanceIdentifier>
  <SnapshotCreateTime>${snapshot.created}</SnapshotCreateTime>
  <Engine>postgres</Engine>
  <AllocatedStorage>100</AllocatedStorage>
  <Status>${xml(snapshot.status)}</Status>
  <Port>5432</Port>
  <SnapshotType>manual</SnapshotType>
  <PercentProgress>${snapshot.status === 'available' ? 100 : 0}</PercentProgress>
  <Encrypted>false</Encrypted>
  <DBSnapshotArn>arn:aws:rds:${this.region}:${ACCOUNT}:snapshot:${xml(snapshot.id)}</DBSnapshotArn>
</DBSnapshot>`;
  }
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw new RdsFault(400, 'MissingParameter', `The request must contain the parameter ${name}`);
  }
  return value;
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
