import { NotFoundError, PreconditionError } from '../../steps/runtime/errors.js';
import type { QueryValue } from '../http/index.js';
import type { OpenStackCloud } from './cloud.js';
import { discoverMicroversion, parseMicroversion, rangeOf, ServiceClient } from './service.js';

/** A Nova server (the fields opsflow reads; the extended attributes need an admin token). */
export interface Server {
  readonly id: string;
  readonly name: string;
  /** ACTIVE, SHUTOFF, REBOOT, HARD_REBOOT, MIGRATING, RESIZE, VERIFY_RESIZE, ERROR, ... */
  readonly status: string;
  readonly tenant_id?: string;
  /** The user who created the server. */
  readonly user_id?: string;
  readonly 'OS-EXT-SRV-ATTR:host'?: string | null;
  readonly 'OS-EXT-STS:task_state'?: string | null;
  readonly 'OS-EXT-STS:vm_state'?: string;
  readonly fault?: { readonly code: number; readonly message: string };
  /** The server's metadata: user key/value pairs (at most 255 characters each). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A row of `GET /servers/{id}/os-instance-actions`: what Nova did to the server and on whose request, newest first. */
export interface InstanceAction {
  /** `reboot`, `migrate`, `live-migration`, `confirmResize`, ... (nova/compute/instance_actions.py) */
  readonly action: string;
  readonly request_id: string;
  readonly start_time?: string;
}

/** A migration record (`GET /os-migrations`). */
export interface Migration {
  readonly id: number;
  readonly instance_uuid: string;
  readonly source_compute: string;
  readonly dest_compute: string;
  /** `migration` (cold or resize) or `live-migration`; absent before 2.23. */
  readonly migration_type?: string;
  /** A cold migration is `finished` while its server waits in VERIFY_RESIZE, then `confirmed` or `reverted`. */
  readonly status: string;
}

/** A compute service (`GET /os-services`); with microversion >= 2.53 its id is a UUID. */
export interface ComputeService {
  readonly id: string;
  readonly binary: string;
  readonly host: string;
  readonly zone?: string;
  readonly status: 'enabled' | 'disabled';
  readonly state: 'up' | 'down';
  readonly disabled_reason: string | null;
}

export type RebootType = 'SOFT' | 'HARD';
/** `auto` lets Nova choose block migration when there is no shared storage. */
export type BlockMigration = 'auto' | boolean;

/** The newest microversion this client knows (Nova 2023.1); older servers get their own maximum. */
export const NOVA_MICROVERSION = '2.95';
/** Below this the client cannot work: service UUIDs and `PUT /os-services/{id}` arrived in 2.53 (Pike). */
const NOVA_MIN_MICROVERSION = '2.53';

/**
 * The Nova compute API (`OpenStack-API-Version: compute X.Y` on every request): servers, their actions (reboot,
 * cold and live migration, resize confirmation) and compute services.
 */
export class ComputeClient extends ServiceClient {
  private constructor(
    cloud: OpenStackCloud,
    http: ServiceClient['http'],
    readonly microversion: string,
  ) {
    super(cloud, http);
  }

  /** Connects to the cloud's `compute` endpoint and settles the microversion from its version document. */
  static async connect(cloud: OpenStackCloud, options: { microversion?: string } = {}): Promise<ComputeClient> {
    // `{"version": {"version": "2.93", "min_version": "2.1", ...}}` at the endpoint (`.../v2.1`).
    const microversion =
      options.microversion ??
      (await discoverMicroversion(cloud, 'compute', {
        service: 'Nova',
        wanted: NOVA_MICROVERSION,
        minimum: NOVA_MIN_MICROVERSION,
        range: (document) => rangeOf(document.version),
      }));
    const http = await cloud.serviceHttp('compute', {
      headers: { 'openstack-api-version': `compute ${microversion}` },
    });
    return new ComputeClient(cloud, http, microversion);
  }

  /** Whether the negotiated microversion is at least `version`. */
  supports(version: string): boolean {
    const [major, minor] = parseMicroversion(this.microversion);
    const [wantMajor, wantMinor] = parseMicroversion(version);
    return major > wantMajor || (major === wantMajor && minor >= wantMinor);
  }

  async server(id: string): Promise<Server> {
    return (await this.http.get<{ server: Server }>(`servers/${encodeURIComponent(id)}`)).data.server;
  }

  /** Every server on a compute host, of every project (admin), `pageSize` per request. */
  serversOnHost(host: string, pageSize = 1000): AsyncGenerator<Server, void, undefined> {
    const query: Record<string, QueryValue> = { all_tenants: 1, host, limit: pageSize };
    return this.list<Server>('servers/detail', 'servers', query);
  }

  /**
   * Cold migrations off `host` that reached VERIFY_RESIZE and wait for a confirmation (`status=finished`). Their
   * servers already show the destination as their host, so a listing by host no longer finds them.
   */
  unconfirmedMigrationsFrom(host: string): AsyncGenerator<Migration, void, undefined> {
    return this.list<Migration>('os-migrations', 'migrations', {
      source_compute: host,
      status: 'finished',
      migration_type: 'migration',
    });
  }

  /**
   * The actions Nova recorded for a server, newest first (created_at, id descending: nova/db/main/api.py actions_get,
   * Nova 26.3); the newest `limit` from microversion 2.58, which pages the list, all of them before it.
   */
  async instanceActions(id: string, limit = 100): Promise<InstanceAction[]> {
    const query = this.supports('2.58') ? { limit } : undefined;
    const path = `servers/${encodeURIComponent(id)}/os-instance-actions`;
    return (await this.http.get<{ instanceActions: InstanceAction[] }>(path, { query })).data.instanceActions;
  }

  /**
   * Sets one metadata item of a server (`PUT /servers/{id}/metadata/{key}`; setting a fixed value may be repeated).
   * Nova refuses it (409) while a task runs or in vm_state ERROR (nova/compute/api.py update_instance_metadata).
   */
  async setMetadataItem(id: string, key: string, value: string): Promise<void> {
    const path = `servers/${encodeURIComponent(id)}/metadata/${encodeURIComponent(key)}`;
    await this.http.put(path, { json: { meta: { [key]: value } }, idempotent: true });
  }

  /** Starts a reboot (202). */
  async reboot(id: string, type: RebootType): Promise<void> {
    await this.action(id, { reboot: { type } });
  }

  /** Starts a cold migration (202); the server ends in VERIFY_RESIZE until confirmed. `host` needs >= 2.56. */
  async migrate(id: string, host?: string): Promise<void> {
    if (host && !this.supports('2.56')) {
      throw new PreconditionError(
        `a cold migration to a chosen host needs compute microversion 2.56, Nova offers ${this.microversion}`,
      );
    }
    await this.action(id, { migrate: host ? { host } : null });
  }

  /** Confirms a migration or resize in VERIFY_RESIZE (204). */
  async confirmResize(id: string): Promise<void> {
    await this.action(id, { confirmResize: null });
  }

  /** Starts a live migration (202); `block_migration: auto` (2.25, below the client's minimum) lets Nova choose. */
  async liveMigrate(id: string, options: { host?: string; blockMigration?: BlockMigration } = {}): Promise<void> {
    await this.action(id, {
      'os-migrateLive': { host: options.host ?? null, block_migration: options.blockMigration ?? 'auto' },
    });
  }

  /** The nova-compute service of a host; NotFoundError when Nova has none. */
  async computeService(host: string): Promise<ComputeService> {
    const res = await this.http.get<{ services: ComputeService[] }>('os-services', {
      query: { host, binary: 'nova-compute' },
    });
    const service = res.data.services.find((s) => s.host === host && s.binary === 'nova-compute');
    if (!service) throw new NotFoundError(`Nova has no nova-compute service on host "${host}"`);
    return service;
  }

  /** Enables or disables a compute service (`PUT /os-services/{id}`, 2.53); a reason only goes with disabling. */
  async setServiceStatus(serviceId: string, status: 'enabled' | 'disabled', reason?: string): Promise<ComputeService> {
    const json = status === 'disabled' && reason ? { status, disabled_reason: reason } : { status };
    return (await this.http.put<{ service: ComputeService }>(`os-services/${encodeURIComponent(serviceId)}`, { json }))
      .data.service;
  }

  /** A project's compute quota (`GET /os-quota-sets/{project_id}`): `instances`, `cores`, `ram` (MiB)... */
  async quota(projectId: string): Promise<Record<string, number>> {
    return (
      await this.http.get<{ quota_set: Record<string, number> }>(`os-quota-sets/${encodeURIComponent(projectId)}`)
    ).data.quota_set;
  }

  /** Sets a project's compute quota (`PUT /os-quota-sets/{project_id}`): only the given keys change. */
  async setQuota(projectId: string, quota: Readonly<Record<string, number>>): Promise<void> {
    await this.http.put(`os-quota-sets/${encodeURIComponent(projectId)}`, { json: { quota_set: quota } });
  }

  private async action(id: string, body: Record<string, unknown>): Promise<void> {
    await this.http.post(`servers/${encodeURIComponent(id)}/action`, { json: body });
  }
}

export function hostOf(server: Server): string | null {
  return server['OS-EXT-SRV-ATTR:host'] ?? null;
}

export function taskStateOf(server: Server): string | null {
  return server['OS-EXT-STS:task_state'] ?? null;
}
