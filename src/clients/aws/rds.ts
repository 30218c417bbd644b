import {
  AddTagsToResourceCommand,
  CreateDBSnapshotCommand,
  type DBInstance,
  type DBSnapshot,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  RebootDBInstanceCommand,
  StartDBInstanceCommand,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { NotFoundError, PreconditionError } from '../../steps/runtime/errors.js';
import type { StepLogger } from '../../steps/runtime/step.js';
import { type AwsClientSettings, sdkClientConfig } from './config.js';
import { toStepError } from './errors.js';

export type { DBInstance, DBSnapshot };

export interface RdsOptions extends AwsClientSettings {
  /** Per-request socket timeout; a slow answer counts as a transient failure and is retried. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Aborts in-flight calls (SIGTERM). */
  readonly signal?: AbortSignal;
  /** Where a repeated change that met its own first attempt is reported. */
  readonly log?: StepLogger;
}

/** Instance statuses that show each instance change has been accepted. */
const CHANGED_STATUS = {
  RebootDBInstance: ['rebooting'],
  StartDBInstance: ['starting'],
  StopDBInstance: ['stopping', 'stopped'],
} as const;

/**
 * The RDS calls the steps make, typed and with errors already mapped to the exit-code contract.
 * Retries on throttling, 5xx, timeouts and connection resets are the SDK's own (standard or adaptive mode).
 */
export class Rds {
  private readonly client: RDSClient;
  private readonly signal?: AbortSignal;
  private readonly log?: StepLogger;

  constructor(options: RdsOptions) {
    this.client = new RDSClient(sdkClientConfig(options, options.requestTimeoutMs));
    this.signal = options.signal;
    this.log = options.log;
  }

  /** DescribeDBInstances for one instance; a missing instance is a NotFoundError (exit 3). */
  async describeInstance(id: string): Promise<DBInstance> {
    const out = await this.call(`DescribeDBInstances ${id}`, (c, o) =>
      c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), o),
    );
    const instance = out.DBInstances?.[0];
    if (!instance) throw new NotFoundError(`DB instance ${JSON.stringify(id)} not found`);
    return instance;
  }

  /** DescribeDBSnapshots for one identifier; undefined when it does not exist. */
  async findSnapshot(id: string): Promise<DBSnapshot | undefined> {
    try {
      const out = await this.call(`DescribeDBSnapshots ${id}`, (c, o) =>
        c.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }), o),
      );
      return out.DBSnapshots?.[0];
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The manual DB snapshots of an instance, every page. */
  async manualSnapshotsOf(instanceId: string): Promise<DBSnapshot[]> {
    const snapshots: DBSnapshot[] = [];
    let marker: string | undefined;
    do {
      const out = await this.call(`DescribeDBSnapshots of ${instanceId}`, (c, o) =>
        c.send(
          new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: instanceId, SnapshotType: 'manual', Marker: marker }),
          o,
        ),
      );
      snapshots.push(...(out.DBSnapshots ?? []));
      marker = out.Marker;
    } while (marker);
    return snapshots;
  }

  async rebootInstance(id: string, forceFailover: boolean): Promise<DBInstance> {
    const command = new RebootDBInstanceCommand({
      DBInstanceIdentifier: id,
      ...(forceFailover ? { ForceFailover: true } : {}),
    });
    return this.changeInstance('RebootDBInstance', id, (c, o) => c.send(command, o));
  }

  /** AddTagsToResource on an instance (its ARN): setting a tag to a value may be repeated. */
  async tagInstance(arn: string, key: string, value: string): Promise<void> {
    await this.call(`AddTagsToResource ${arn}`, (c, o) =>
      c.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: key, Value: value }] }), o),
    );
  }

  async startInstance(id: string): Promise<DBInstance> {
    return this.changeInstance('StartDBInstance', id, (c, o) =>
      c.send(new StartDBInstanceCommand({ DBInstanceIdentifier: id }), o),
    );
  }

  /** StopDBInstance, optionally taking a snapshot right before the instance stops. */
  async stopInstance(id: string, snapshotId?: string): Promise<DBInstance> {
    const command = new StopDBInstanceCommand({
      DBInstanceIdentifier: id,
      ...(snapshotId ? { DBSnapshotIdentifier: snapshotId } : {}),
    });
    return this.changeInstance('StopDBInstance', id, (c, o) => c.send(command, o));
  }

  async createSnapshot(instanceId: string, snapshotId: string): Promise<DBSnapshot> {
    const command = new CreateDBSnapshotCommand({ DBInstanceIdentifier: instanceId, DBSnapshotIdentifier: snapshotId });
    const operation = `CreateDBSnapshot ${snapshotId}`;
    const out = await this.change(
      operation,
      async (c, o): Promise<{ DBSnapshot?: DBSnapshot }> => ({ DBSnapshot: (await c.send(command, o)).DBSnapshot }),
      async () => {
        const snapshot = await this.findSnapshot(snapshotId);
        const ours = snapshot?.DBInstanceIdentifier?.toLowerCase() === instanceId.toLowerCase();
        return ours ? { DBSnapshot: snapshot, status: snapshot?.Status } : undefined;
      },
    );
    return required(out.DBSnapshot, 'CreateDBSnapshot');
  }

  /** An instance change; its answer is the instance as the change left it. */
  private async changeInstance(
    action: keyof typeof CHANGED_STATUS,
    id: string,
    send: (client: RDSClient, options: { abortSignal?: AbortSignal }) => Promise<{ DBInstance?: DBInstance }>,
  ): Promise<DBInstance> {
    const out = await this.change(`${action} ${id}`, send, async () => {
      const instance = await this.describeInstance(id);
      const status = instance.DBInstanceStatus ?? '';
      return (CHANGED_STATUS[action] as readonly string[]).includes(status)
        ? { DBInstance: instance, status }
        : undefined;
    });
    return required(out.DBInstance, action);
  }

  /**
   * A change the SDK had to send more than once (the first answer lost to a reset, a timeout or a 5xx after the work
   * was done) meets its own first attempt: RDS refuses the repeat (InvalidDBInstanceState, DBSnapshotAlreadyExists).
   * When a fresh read shows the change the call makes, the refusal is the call's success, not a precondition failure.
   */
  private async change<Output>(
    operation: string,
    send: (client: RDSClient, options: { abortSignal?: AbortSignal }) => Promise<Output>,
    confirm: () => Promise<(Output & { readonly status?: string }) | undefined>,
  ): Promise<Output> {
    try {
      return await this.call(operation, send);
    } catch (error) {
      if (!(error instanceof PreconditionError) || attemptsOf(error.cause) < 2) throw error;
      const confirmed = await confirm();
      if (confirmed === undefined) throw error;
      this.log?.info('accepted-despite-retry', { operation, status: confirmed.status, refusal: error.message });
      return confirmed;
    }
  }

  destroy(): void {
    this.client.destroy();
  }

  /** Every call goes through here: the same abort signal and the same error mapping. */
  private async call<Output>(
    operation: string,
    send: (client: RDSClient, options: { abortSignal?: AbortSignal }) => Promise<Output>,
  ): Promise<Output> {
    try {
      return await send(this.client, { abortSignal: this.signal });
    } catch (error) {
      throw toStepError(error, operation);
    }
  }
}

function attemptsOf(error: unknown): number {
  return (error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
}

function required<T>(value: T | undefined, operation: string): T {
  if (value === undefined) throw new Error(`${operation} answered without the expected element`);
  return value;
}
