import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { NotFoundError } from '../../steps/runtime/errors.js';
import { type AwsClientSettings, sdkClientConfig } from './config.js';
import { toStepError } from './errors.js';

export type { ReplicationGroup };

export interface ElastiCacheOptions extends AwsClientSettings {
  /** Aborts in-flight calls (SIGTERM). */
  readonly signal?: AbortSignal;
}

/**
 * The ElastiCache calls the steps make, with errors mapped to the exit-code contract (ReplicationGroupNotFoundFault:
 * exit 3; throttling and 5xx after the SDK's own retries: exit 75).
 */
export class ElastiCache {
  private readonly client: ElastiCacheClient;

  constructor(private readonly options: ElastiCacheOptions) {
    this.client = new ElastiCacheClient(sdkClientConfig(options));
  }

  /** DescribeReplicationGroups for one group; a missing group is a NotFoundError (exit 3). */
  async replicationGroup(id: string): Promise<ReplicationGroup> {
    const operation = `DescribeReplicationGroups ${id}`;
    try {
      const out = await this.client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }), {
        abortSignal: this.options.signal,
      });
      const group = out.ReplicationGroups?.[0];
      if (!group) throw new NotFoundError(`replication group ${JSON.stringify(id)} not found`);
      return group;
    } catch (error) {
      throw toStepError(error, operation);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
