import { randomUUID } from 'node:crypto';
import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/**
 * A fake Nova compute API (v2.1) on 127.0.0.1, shaped like the api-ref: version document at the endpoint root,
 * `OpenStack-API-Version: compute X.Y` negotiation (406 outside 2.1..maxVersion, body checks that depend on it),
 * `GET /servers/{id}`, `GET /servers/detail?all_tenants&host&limit&marker` with `servers_links`, server actions
 * (`reboot`, `migrate`, `confirmResize`, `os-migrateLive`) driving a state machine in the background
 * (REBOOT → ACTIVE, RESIZE → VERIFY_RESIZE → confirm → ACTIVE or SHUTOFF, MIGRATING → ACTIVE on another host),
 * 409 `conflictingRequest` while a task runs, `GET /os-migrations` (filters `source_compute`, `status`,
 * `migration_type`, `instance_uuid`; a cold migration is `finished` while it waits in VERIFY_RESIZE, then
 * `confirmed`), `GET/PUT /os-services` (PUT by UUID from 2.53), `PUT /servers/{id}/metadata/{key}` (409 while a task
 * runs or in vm_state error, as Nova's update_instance_metadata) and `GET /servers/{id}/os-instance-actions` (each
 * accepted action recorded with a request id, newest first, `limit` from 2.58).
 */
export interface FakeServer {
  readonly id: string;
  name: string;
  status: string;
  host: string;
  task_state: string | null;
  /** The status a cold migration returns to once confirmed. */
  vm_state: 'active' | 'stopped' | 'paused' | 'error';
  tenant_id: string;
  user_id: string;
  metadata: Record<string, string>;
}

/** A row of `GET /servers/{id}/os-instance-actions`. */
export interface FakeInstanceAction {
  readonly action: string;
  readonly instance_uuid: string;
  readonly request_id: string;
  readonly start_time: string;
}

export interface FakeService {
  readonly id: string;
  readonly host: string;
  readonly binary: string;
  status: 'enabled' | 'disabled';
  state: 'up' | 'down';
  disabled_reason: string | null;
}

/** A row of `GET /os-migrations` (cold: `migration`, live: `live-migration`). */
export interface FakeMigration {
  readonly id: number;
  readonly uuid: string;
  readonly instance_uuid: string;
  readonly source_compute: string;
  dest_compute: string;
  readonly migration_type: 'migration' | 'live-migration';
  /** Cold: migrating → finished (VERIFY_RESIZE) → confirmed, or error; live: running → completed, or failed. */
  status: string;
}

export interface FakeNovaOptions {
  readonly isValidToken: (token: string | undefined) => boolean;
  /** @default '2.93' (Nova 26, Debian bookworm) */
  readonly maxVersion?: string;
  /** How long each background transition takes. @default 30 */
  readonly transitionMs?: number;
  readonly latencyMs?: number;
}

export interface FakeNova extends ScriptedServer {
  /** The compute endpoint for the catalog, `<url>/v2.1`. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  readonly servers: Map<string, FakeServer>;
  readonly services: Map<string, FakeService>;
  readonly migrations: FakeMigration[];
  /** Every action accepted, oldest first. */
  readonly actions: FakeInstanceAction[];
  addHost(host: string): FakeService;
  addServer(server: Partial<FakeServer> & { host: string }): FakeServer;
  /** Migrations of these servers fail in the background: they settle back on their host. */
  readonly failMigrations: Set<string>;
  /** Servers whose migration never finishes (for timeouts). */
  readonly stuck: Set<string>;
}

const VM_STATUS = { active: 'ACTIVE', stopped: 'SHUTOFF', paused: 'PAUSED', error: 'ERROR' } as const;

export async function startFakeNova(options: FakeNovaOptions): Promise<FakeNova> {
  const maxVersion = options.maxVersion ?? '2.93';
  const transitionMs = options.transitionMs ?? 30;
  const faults = new FaultPlan(options.latencyMs ?? 0);
  const servers = new Map<string, FakeServer>();
  const services = new Map<string, FakeService>();
  const failMigrations = new Set<string>();
  const stuck = new Set<string>();
  const migrations: FakeMigration[] = [];
  const actions: FakeInstanceAction[] = [];
  /** Nova records an accepted action before it answers (nova/compute/api.py _record_action_start). */
  const recordAction = (server: FakeServer, action: string) =>
    actions.push({
      action,
      instance_uuid: server.id,
      request_id: `req-${randomUUID()}`,
      start_time: new Date().toISOString().replace('Z', ''),
    });
  const record = (server: FakeServer, type: FakeMigration['migration_type'], dest: string): FakeMigration => {
    const migration: FakeMigration = {
      id: migrations.length + 1,
      uuid: randomUUID(),
      instance_uuid: server.id,
      source_compute: server.host,
      dest_compute: dest,
      migration_type: type,
      status: type === 'migration' ? 'migrating' : 'running',
    };
    migrations.push(migration);
    return migration;
  };
  /** The cold migration of a server waiting in VERIFY_RESIZE. */
  const finishedOf = (server: FakeServer) =>
    migrations.find(
      (m) => m.instance_uuid === server.id && m.migration_type === 'migration' && m.status === 'finished',
    );
  let base = '';

  const later = (fn: () => void) => setTimeout(fn, transitionMs).unref();
  const error = (status: number, kind: string, message: string): Reply => ({
    status,
    body: { [kind]: { code: status, message } },
  });
  const minor = (version: string) => Number(version.split('.')[1]);

  /** Another enabled, up compute host for the scheduler to pick. */
  const schedule = (server: FakeServer): string | undefined =>
    [...services.values()].find(
      (s) => s.binary === 'nova-compute' && s.status === 'enabled' && s.state === 'up' && s.host !== server.host,
    )?.host;

  const view = (s: FakeServer) => ({
    id: s.id,
    name: s.name,
    status: s.status,
    tenant_id: s.tenant_id,
    user_id: s.user_id,
    'OS-EXT-SRV-ATTR:host': s.host,
    'OS-EXT-STS:task_state': s.task_state,
    'OS-EXT-STS:vm_state': s.vm_state,
    metadata: s.metadata,
    links: [{ rel: 'self', href: `${base}/v2.1/servers/${s.id}` }],
  });

  const act = (server: FakeServer, body: Record<string, unknown>, version: number): Reply => {
    const [action] = Object.keys(body);
    const busy = () =>
      error(
        409,
        'conflictingRequest',
        `Cannot '${action}' instance ${server.id} while it is in task_state ${server.task_state}`,
      );
    const wrongState = (state: string) =>
      error(409, 'conflictingRequest', `Cannot '${action}' instance ${server.id} while it is in vm_state ${state}`);
    switch (action) {
      case 'reboot': {
        const type = (body.reboot as { type?: string })?.type;
        if (type !== 'SOFT' && type !== 'HARD')
          return error(400, 'badRequest', 'Invalid input for field/attribute type.');
        if (server.task_state) return busy();
        if (type === 'SOFT' && server.status !== 'ACTIVE') return wrongState(server.vm_state);
        recordAction(server, 'reboot');
        server.status = type === 'SOFT' ? 'REBOOT' : 'HARD_REBOOT';
        server.task_state = type === 'SOFT' ? 'reboot_started' : 'reboot_started_hard';
        later(() => {
          Object.assign(server, { status: 'ACTIVE', task_state: null, vm_state: 'active' });
        });
        return { status: 202 };
      }
      case 'migrate': {
        const args = body.migrate as { host?: string } | null;
        if (args?.host !== undefined && version < 56) {
          return error(
            400,
            'badRequest',
            "Invalid input for field/attribute migrate. Value: {'host': ...}. None is not of type 'null'",
          );
        }
        if (server.task_state) return busy();
        if (!['ACTIVE', 'SHUTOFF'].includes(server.status)) return wrongState(server.vm_state);
        const target = args?.host ?? schedule(server);
        if (!target) return error(400, 'badRequest', 'No valid host was found. There are not enough hosts available.');
        const returnTo = server.status;
        recordAction(server, 'migrate');
        const migration = record(server, 'migration', target);
        Object.assign(server, { status: 'RESIZE', task_state: 'resize_prep' });
        if (stuck.has(server.id)) return { status: 202 };
        later(() => {
          if (failMigrations.has(server.id)) {
            Object.assign(server, { status: returnTo, task_state: null });
            migration.status = 'error';
            return;
          }
          // As in Nova, the server's host is the destination while the migration waits for its confirmation.
          Object.assign(server, { status: 'VERIFY_RESIZE', task_state: null, host: target });
          migration.status = 'finished';
        });
        return { status: 202 };
      }
      case 'confirmResize': {
        if (server.status !== 'VERIFY_RESIZE') return wrongState(server.vm_state);
        const migration = finishedOf(server);
        recordAction(server, 'confirmResize');
        if (migration) migration.status = 'confirmed';
        Object.assign(server, { status: VM_STATUS[server.vm_state], task_state: null });
        return { status: 204 };
      }
      case 'os-migrateLive': {
        const args = body['os-migrateLive'] as {
          host?: string | null;
          block_migration?: unknown;
          disk_over_commit?: unknown;
        };
        if (version >= 25 && 'disk_over_commit' in args) {
          return error(400, 'badRequest', "Additional properties are not allowed ('disk_over_commit' was unexpected)");
        }
        if (args.block_migration === 'auto' && version < 25) {
          return error(
            400,
            'badRequest',
            "Invalid input for field/attribute block_migration. Value: auto. 'auto' is not of type 'boolean'",
          );
        }
        if (server.task_state) return busy();
        if (!['ACTIVE', 'PAUSED'].includes(server.status)) return wrongState(server.vm_state);
        const target = args.host ?? schedule(server);
        if (!target) return error(400, 'badRequest', 'No valid host was found. There are not enough hosts available.');
        const returnTo = server.status;
        recordAction(server, 'live-migration');
        const migration = record(server, 'live-migration', target);
        Object.assign(server, { status: 'MIGRATING', task_state: 'migrating' });
        if (stuck.has(server.id)) return { status: 202 };
        later(() => {
          const failed = failMigrations.has(server.id);
          Object.assign(server, { status: returnTo, task_state: null, host: failed ? server.host : target });
          migration.status = failed ? 'failed' : 'completed';
        });
        return { status: 202 };
      }
      default:
        return error(400, 'badRequest', `There is no such action: ${action}`);
    }
  };

  const handle = (request: RecordedRequest): Reply => {
    const url = new URL(request.url, base);
    const versionDoc = {
      id: 'v2.1',
      status: 'CURRENT',
      version: maxVersion,
      min_version: '2.1',
      updated: '2013-07-23T11:33:21Z',
      links: [{ rel: 'self', href: `${base}/v2.1/` }],
    };
    if (url.pathname === '/v2.1/' || url.pathname === '/v2.1') return { status: 200, body: { version: versionDoc } };
    if (!options.isValidToken(request.headers['x-auth-token'] as string | undefined)) {
      return {
        status: 401,
        body: {
          error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
        },
      };
    }
    const header = /^compute (\d+\.\d+)$/.exec(String(request.headers['openstack-api-version'] ?? ''))?.[1] ?? '2.1';
    const version = minor(header);
    if (!header.startsWith('2.') || version < 1 || version > minor(maxVersion)) {
      return error(
        406,
        'computeFault',
        `Version ${header} is not supported by the API. Minimum is 2.1 and maximum is ${maxVersion}.`,
      );
    }
    const reply = route(request, url, version);
    return {
      ...reply,
      headers: {
        ...('headers' in reply ? reply.headers : {}),
        'openstack-api-version': `compute ${header}`,
        vary: 'OpenStack-API-Version',
      },
    } as Reply;
  };

  const route = (request: RecordedRequest, url: URL, version: number): Reply => {
    const path = url.pathname.replace(/^\/v2\.1/, '');
    let match = /^\/servers\/([^/]+)\/action$/.exec(path);
    if (match && request.method === 'POST') {
      const server = servers.get(match[1]!);
      if (!server) return error(404, 'itemNotFound', `Instance ${match[1]} could not be found.`);
      return act(server, JSON.parse(request.body || '{}'), version);
    }
    if (path === '/servers/detail' && request.method === 'GET') {
      const host = url.searchParams.get('host');
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const marker = url.searchParams.get('marker');
      // Without all_tenants Nova lists the token's own project only (the fake Keystone scopes tokens to p-admin).
      const allTenants = ['1', 'true', 'True'].includes(url.searchParams.get('all_tenants') ?? '');
      const all = [...servers.values()].filter(
        (s) => (!host || s.host === host) && (allTenants || s.tenant_id === 'p-admin'),
      );
      const start = marker ? all.findIndex((s) => s.id === marker) + 1 : 0;
      if (marker && start === 0) return error(400, 'badRequest', `marker [${marker}] not found`);
      const page = all.slice(start, start + limit);
      const body: Record<string, unknown> = { servers: page.map(view) };
      if (page.length === limit) {
        const next = new URL(url);
        next.searchParams.set('marker', page[page.length - 1]!.id);
        body.servers_links = [{ rel: 'next', href: next.toString() }];
      }
      return { status: 200, body };
    }
    match = /^\/servers\/([^/]+)\/metadata\/([^/]+)$/.exec(path);
    if (match && request.method === 'PUT') {
      const server = servers.get(match[1]!);
      if (!server) return error(404, 'itemNotFound', `Instance ${match[1]} could not be found.`);
      const key = decodeURIComponent(match[2]!);
      const meta = (JSON.parse(request.body || '{}') as { meta?: Record<string, unknown> }).meta ?? {};
      if (Object.keys(meta).length !== 1 || typeof meta[key] !== 'string' || meta[key].length > 255) {
        return error(400, 'badRequest', 'Request body and URI mismatch');
      }
      if (server.task_state || server.vm_state === 'error') {
        const why = server.task_state ? `task_state ${server.task_state}` : `vm_state ${server.vm_state}`;
        return error(409, 'conflictingRequest', `Cannot 'update_metadata' instance ${server.id} while it is in ${why}`);
      }
      server.metadata = { ...server.metadata, [key]: meta[key] };
      return { status: 200, body: { meta: { [key]: meta[key] } } };
    }
    match = /^\/servers\/([^/]+)\/os-instance-actions$/.exec(path);
    if (match && request.method === 'GET') {
      const server = servers.get(match[1]!);
      if (!server) return error(404, 'itemNotFound', `Instance ${match[1]} could not be found.`);
      const limit = version >= 58 ? Number(url.searchParams.get('limit') ?? 1000) : Number.POSITIVE_INFINITY;
      const found = actions
        .filter((a) => a.instance_uuid === server.id)
        .reverse()
        .slice(0, limit);
      return { status: 200, body: { instanceActions: found.map((a) => ({ ...a, project_id: server.tenant_id })) } };
    }
    match = /^\/servers\/([^/]+)$/.exec(path);
    if (match && request.method === 'GET') {
      const server = servers.get(match[1]!);
      if (!server) return error(404, 'itemNotFound', `Instance ${match[1]} could not be found.`);
      return { status: 200, body: { server: view(server) } };
    }
    if (path === '/os-migrations' && request.method === 'GET') {
      // Filters as Nova's (source_compute, status, migration_type, instance_uuid); newest first.
      const filters = ['source_compute', 'status', 'migration_type', 'instance_uuid'] as const;
      const found = migrations
        .filter((m) => filters.every((key) => !url.searchParams.has(key) || url.searchParams.get(key) === m[key]))
        .reverse()
        .map((m) => ({
          ...m,
          ...(version >= 59 ? {} : { uuid: undefined }),
          source_node: m.source_compute,
          dest_node: m.dest_compute,
          links: [{ rel: 'self', href: `${base}/v2.1/servers/${m.instance_uuid}/migrations/${m.id}` }],
        }));
      return { status: 200, body: { migrations: found } };
    }
    if (path === '/os-services' && request.method === 'GET') {
      const host = url.searchParams.get('host');
      const binary = url.searchParams.get('binary');
      const found = [...services.values()].filter(
        (s) => (!host || s.host === host) && (!binary || s.binary === binary),
      );
      return {
        status: 200,
        body: {
          services: found.map((s) => ({
            ...s,
            zone: 'nova',
            forced_down: false,
            updated_at: new Date().toISOString(),
          })),
        },
      };
    }
    match = /^\/os-services\/([^/]+)$/.exec(path);
    if (match && request.method === 'PUT') {
      if (version < 53) return error(404, 'itemNotFound', 'The resource could not be found.');
      const service = services.get(match[1]!);
      if (!service) return error(404, 'itemNotFound', `Service ${match[1]} not found.`);
      const body = JSON.parse(request.body || '{}') as { status?: string; disabled_reason?: string };
      if (body.status !== 'enabled' && body.status !== 'disabled') {
        return error(400, 'badRequest', 'Invalid input for field/attribute status.');
      }
      if (body.disabled_reason !== undefined && body.status !== 'disabled') {
        return error(400, 'badRequest', 'Specifying a disabled reason is not supported when the status is enabled.');
      }
      service.status = body.status;
      service.disabled_reason = body.status === 'disabled' ? (body.disabled_reason ?? null) : null;
      return { status: 200, body: { service: { ...service, zone: 'nova', forced_down: false } } };
    }
    return error(404, 'itemNotFound', 'The resource could not be found.');
  };

  const server = await startScriptedServer((request) => faults.serve(request, handle));
  base = server.url;
  return {
    ...server,
    close: () => server.close(),
    endpoint: `${server.url}/v2.1`,
    faults,
    servers,
    services,
    failMigrations,
    stuck,
    migrations,
    actions,
    addHost(host) {
      const service: FakeService = {
        id: randomUUID(),
        host,
        binary: 'nova-compute',
        status: 'enabled',
        state: 'up',
        disabled_reason: null,
      };
      services.set(service.id, service);
      return service;
    },
    addServer(fields) {
      const created: FakeServer = {
        id: randomUUID(),
        name: `vm-${servers.size + 1}`,
        status: 'ACTIVE',
        task_state: null,
        vm_state: fields.status === 'SHUTOFF' ? 'stopped' : fields.status === 'PAUSED' ? 'paused' : 'active',
        tenant_id: 'p-tenant',
        user_id: 'u-tenant',
        metadata: {},
        ...fields,
      };
      servers.set(created.id, created);
      recordAction(created, 'create');
      return created;
    },
  };
}
