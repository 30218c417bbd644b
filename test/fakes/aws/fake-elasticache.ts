import { ACCOUNT, FakeQueryService, QueryFault, type QueryServiceOptions, xml } from './query-service.js';

/**
 * A fake Amazon ElastiCache endpoint on 127.0.0.1 speaking its Query protocol (API version 2015-02-02) the way
 * @aws-sdk/client-elasticache does (the envelope, SigV4 check and faults of query-service.ts): DescribeReplicationGroups
 * with the documented `<ReplicationGroup>` document (NodeGroups with their PrimaryEndpoint, or a
 * ConfigurationEndpoint in cluster mode) and the `ReplicationGroupNotFoundFault` (HTTP 404) error.
 */

export const ELASTICACHE_XMLNS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';

export interface FakeReplicationGroupSpec {
  readonly id: string;
  /** @default 'available' */
  readonly status?: string;
  /** The primary endpoint (cluster mode disabled) or the configuration endpoint (cluster mode). */
  readonly address: string;
  readonly port: number;
  /** @default false */
  readonly clusterEnabled?: boolean;
  /** @default true */
  readonly transitEncryption?: boolean;
  /** @default true */
  readonly authToken?: boolean;
  /** @default 'valkey' */
  readonly engine?: string;
}

export class FakeElastiCache extends FakeQueryService {
  private readonly groups = new Map<string, FakeReplicationGroupSpec>();

  constructor(options: QueryServiceOptions = {}) {
    super(
      { service: 'elasticache', version: '2015-02-02', xmlns: ELASTICACHE_XMLNS },
      new Set(['DescribeReplicationGroups']),
      options,
    );
  }

  addReplicationGroup(spec: FakeReplicationGroupSpec): void {
    this.groups.set(spec.id.toLowerCase(), spec);
  }

  protected dispatch(action: string, params: Record<string, string>): string {
    if (action !== 'DescribeReplicationGroups') {
      throw new QueryFault(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
    const id = params.ReplicationGroupId;
    let found = [...this.groups.values()];
    if (id !== undefined) {
      const group = this.groups.get(id.toLowerCase());
      if (!group) throw new QueryFault(404, 'ReplicationGroupNotFoundFault', `ReplicationGroup ${id} not found`);
      found = [group];
    }
    return `<ReplicationGroups>${found.map((group) => this.groupXml(group)).join('')}</ReplicationGroups>`;
  }

  private groupXml(group: FakeReplicationGroupSpec): string {
    const id = xml(group.id.toLowerCase());
    const status = xml(group.status ?? 'available');
    const endpoint = (address: string) => `<Address>${xml(address)}</Address><Port>${group.port}</Port>`;
    const nodeGroups = group.clusterEnabled
      ? ['0001', '0002']
          .map(
            (shard) => `<NodeGroup>
      <NodeGroupId>${shard}</NodeGroupId><Status>${status}</Status><Slots>${shard === '0001' ? '0-8191' : '8192-16383'}</Slots>
      <NodeGroupMembers><NodeGroupMember><CacheClusterId>${id}-${shard}-001</CacheClusterId><CacheNodeId>0001</CacheNodeId><PreferredAvailabilityZone>${this.region}a</PreferredAvailabilityZone></NodeGroupMember></NodeGroupMembers>
    </NodeGroup>`,
          )
          .join('')
      : `<NodeGroup>
      <NodeGroupId>0001</NodeGroupId><Status>${status}</Status>
      <PrimaryEndpoint>${endpoint(group.address)}</PrimaryEndpoint>
      <ReaderEndpoint>${endpoint(group.address.replace(/^master\./, 'replica.'))}</ReaderEndpoint>
      <NodeGroupMembers>
        <NodeGroupMember><CacheClusterId>${id}-001</CacheClusterId><CacheNodeId>0001</CacheNodeId><PreferredAvailabilityZone>${this.region}a</PreferredAvailabilityZone><CurrentRole>primary</CurrentRole></NodeGroupMember>
        <NodeGroupMember><CacheClusterId>${id}-002</CacheClusterId><CacheNodeId>0001</CacheNodeId><PreferredAvailabilityZone>${this.region}b</PreferredAvailabilityZone><CurrentRole>replica</CurrentRole></NodeGroupMember>
      </NodeGroupMembers>
    </NodeGroup>`;
    const members = group.clusterEnabled ? [`${id}-0001-001`, `${id}-0002-001`] : [`${id}-001`, `${id}-002`];
    return `<ReplicationGroup>
  <ReplicationGroupId>${id}</ReplicationGroupId>
  <Description>opsflow test group</Description>
  <Status>${status}</Status>
  <MemberClusters>${members.map((m) => `<ClusterId>${m}</ClusterId>`).join('')}</MemberClusters>
  <NodeGroups>${nodeGroups}</NodeGroups>
  <AutomaticFailover>enabled</AutomaticFailover>
  <MultiAZ>enabled</MultiAZ>${group.clusterEnabled ? `\n  <ConfigurationEndpoint>${endpoint(group.address)}</ConfigurationEndpoint>` : ''}
  <CacheNodeType>cache.t4g.small</CacheNodeType>
  <ClusterEnabled>${group.clusterEnabled ?? false}</ClusterEnabled>
  <ClusterMode>${group.clusterEnabled ? 'enabled' : 'disabled'}</ClusterMode>
  <Engine>${xml(group.engine ?? 'valkey')}</Engine>
  <AuthTokenEnabled>${group.authToken ?? true}</AuthTokenEnabled>
  <TransitEncryptionEnabled>${group.transitEncryption ?? true}</TransitEncryptionEnabled>
  <TransitEncryptionMode>required</TransitEncryptionMode>
  <AtRestEncryptionEnabled>true</AtRestEncryptionEnabled>
  <ARN>arn:aws:elasticache:${this.region}:${ACCOUNT}:replicationgroup:${id}</ARN>
</ReplicationGroup>`;
  }
}
