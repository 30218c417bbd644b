import { ACCOUNT, FakeQueryService, QueryFault, type QueryServiceOptions, required, xml } from './query-service.js';

/**
 * A fake Amazon RDS endpoint on 127.0.0.1 speaking the RDS Query protocol (API version 2014-10-31) the way
 * @aws-sdk/client-rds does (the envelope, SigV4 check and faults of query-service.ts), with the XML answers and
 * `<ErrorResponse>` codes of the RDS API reference. Instances and snapshots move through RDS's transitional statuses
 * after a number of describe polls; AddTagsToResource sets tags an instance's describe then lists (`TagList`).
 */

export { FAKE_CREDENTIALS, type Fault, type RecordedRequest } from './query-service.js';
export const RDS_XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';

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
  tags: Map<string, string>;
}

interface Snapshot {
  id: string;
  instance: string;
  status: string;
  settlesTo: string;
  pollsLeft: number;
  created: string;
}

const READ_ACTIONS = new Set(['DescribeDBInstances', 'DescribeDBSnapshots']);

export class FakeRds extends FakeQueryService {
  private readonly instances = new Map<string, Instance>();
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly options: QueryServiceOptions & { pollsToSettle?: number } = {}) {
    super({ service: 'rds', version: '2014-10-31', xmlns: RDS_XMLNS }, READ_ACTIONS, options);
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
      tags: new Map(),
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

  /** Ends the instance's transitional status now, as time passing would (and its snapshots being created). */
  settleInstance(id: string): void {
    const instance = this.instance(id);
    instance.pollsLeft = 1;
    this.pollInstance(instance);
  }

  /** The instance's tags, as AddTagsToResource left them. */
  instanceTags(id: string): Record<string, string> {
    return Object.fromEntries(this.instances.get(id.toLowerCase())?.tags ?? []);
  }

  instanceStatus(id: string): string | undefined {
    return this.instances.get(id.toLowerCase())?.status;
  }

  snapshotStatus(id: string): string | undefined {
    return this.snapshots.get(id.toLowerCase())?.status;
  }

  protected dispatch(action: string, params: Record<string, string>): string {
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
      case 'AddTagsToResource':
        return this.addTags(params);
      default:
        throw new QueryFault(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
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
        throw new QueryFault(404, 'DBSnapshotNotFound', `DBSnapshot ${params.DBSnapshotIdentifier} not found.`);
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
      throw new QueryFault(
        400,
        'InvalidParameterCombination',
        'Cannot force a failover on a DB instance that is not Multi-AZ.',
      );
    }
    return this.transition(params, 'available', 'rebooting');
  }

  private addTags(params: Record<string, string>): string {
    const arn = required(params, 'ResourceName');
    const id = /^arn:aws:rds:[^:]+:\d+:db:(.+)$/.exec(arn)?.[1];
    if (!id) throw new QueryFault(400, 'InvalidParameterValue', `Invalid resource name: ${arn}`);
    const instance = this.instance(id);
    for (const [name, key] of Object.entries(params)) {
      const n = /^Tags\.(?:Tag|member)\.(\d+)\.Key$/.exec(name)?.[1];
      if (n) instance.tags.set(key, params[`Tags.${name.split('.')[1]}.${n}.Value`] ?? '');
    }
    return '';
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
      throw new QueryFault(
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
      throw new QueryFault(400, 'InvalidDBInstanceState', `Instance ${instance.id} is not in ${status} state.`);
    }
  }

  private setStatus(instance: Instance, status: string): void {
    instance.status = status;
    instance.pollsLeft = instance.pollsToSettle;
  }

  private instance(id: string): Instance {
    const instance = this.instances.get(id.toLowerCase());
    if (!instance) throw new QueryFault(404, 'DBInstanceNotFound', `DBInstance ${id} not found.`);
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
  <TagList>${[...instance.tags].map(([key, value]) => `<Tag><Key>${xml(key)}</Key><Value>${xml(value)}</Value></Tag>`).join('')}</TagList>
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
