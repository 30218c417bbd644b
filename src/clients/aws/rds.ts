import {
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
import { NotFoundError } from '../../steps/runtime/errors.js';
import type { AwsClientSettings } from './config.js';
import { toStepError } from './errors.js';

export type { DBInstance, DBSnapshot };

export interface RdsOptions extends AwsClientSettings {
  /** Per-request socket timeout; a slow answer counts as a transient failure and is retried. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Aborts in-flight calls (SIGTERM). */
  readonly signal?: AbortSignal;
}

/**
 * The RDS calls the steps make, typed and with errors already mapped to the exit-code contract.
 * Retries on throttling, 5xx, timeouts and connection resets are the SDK's own (standard or adaptive mode).
 */
export class Rds {
  private readonly client: RDSClient;
  private readonly signal?: AbortSignal;

  constructor(options: RdsOptions) {
    this.client = new RDSClient({
      region: options.region,
      endpoint: options.endpoint,
      maxAttempts: options.maxAttempts,
      retryMode: options.retryMode,
      requestHandler: {
        requestTimeout: options.requestTimeoutMs ?? 30_000,
        // Without it the SDK only logs a warning when the timeout passes and keeps waiting.
        throwOnRequestTimeout: true,
        connectionTimeout: 10_000,
      },
    });
    this.signal = options.signal;
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

  async rebootInstance(id: string, forceFailover: boolean): Promise<DBInstance> {
    const command = new RebootDBInstanceCommand({
      DBInstanceIdentifier: id,
      ...(forceFailover ? { ForceFailover: true } : {}),
    });
    return required(
      (await this.call(`RebootDBInstance ${id}`, (c, o) => c.send(command, o))).DBInstance,
      'RebootDBInstance',
    );
  }

  async startInstance(id: string): Promise<DBInstance> {
    const out = await this.call(`StartDBInstance ${id}`, (c, o) =>
      c.send(new StartDBInstanceCommand({ DBInstanceIdentifier: id }), o),
    );
    return required(out.DBInstance, 'StartDBInstance');
  }

  /** StopDBInstance, optionally taking a snapshot right before the instance stops. */
  async stopInstance(id: string, snapshotId?: string): Promise<DBInstance> {
    const command = new StopDBInstanceCommand({
      DBInstanceIdentifier: id,
      ...(snapshotId ? { DBSnapshotIdentifier: snapshotId } : {}),
    });
    return required(
      (await this.call(`StopDBInstance ${id}`, (c, o) => c.send(command, o))).DBInstance,
      'StopDBInstance',
    );
  }

  async createSnapshot(instanceId: string, snapshotId: string): Promise<DBSnapshot> {
    const command = new CreateDBSnapshotCommand({ DBInstanceIdentifier: instanceId, DBSnapshotIdentifier: snapshotId });
    return required(
      (await this.call(`CreateDBSnapshot ${snapshotId}`, (c, o) => c.send(command, o))).DBSnapshot,
      'CreateDBSnapshot',
    );
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

function required<T>(value: T | undefined, operation: string): T {
  if (value === undefined) throw new Error(`${operation} answered without the expected element`);
  return value;
}
