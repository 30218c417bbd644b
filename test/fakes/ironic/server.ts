import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/**
 * A fast, read-mostly fake of Ironic's v1 API for unit tests and the resync bench (the real Ironic runs in the
 * integration tests): version discovery at `/`, `X-OpenStack-Ironic-API-Version` negotiation (406 outside
 * 1.1..1.82), nodes and ports with `limit`/`marker` pagination, `max_limit` 1000, `next` links only after a full
 * page, `fields` selection (400 for a field that does not exist), `/detail` and `?detail=True`, lookups by UUID or
 * name, `?node=` on ports, and Ironic's twice-encoded `error_message` bodies.
 */
export interface FakeIronicNode {
  readonly uuid: string;
  name: string | null;
  provision_state: string;
  target_provision_state?: string | null;
  power_state?: string | null;
  maintenance?: boolean;
  properties?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface FakeIronicPort {
  readonly uuid: string;
  address: string;
  node_uuid: string;
  extra?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface FakeIronic extends ScriptedServer {
  readonly faults: FaultPlan;
  readonly nodes: Map<string, FakeIronicNode>;
  readonly ports: Map<string, FakeIronicPort>;
}

const MAX_LIMIT = 1000;
const MIN_VERSION = '1.1';
const MAX_VERSION = '1.82';
// biome-ignore format: field lists
const NODE_FIELDS = [
  'uuid', 'name', 'driver', 'provision_state', 'target_provision_state', 'power_state', 'target_power_state',
  'maintenance', 'maintenance_reason', 'fault', 'last_error', 'properties', 'extra', 'owner', 'instance_uuid',
  'resource_class', 'created_at', 'updated_at', 'links',
];
// biome-ignore format: field lists
const PORT_FIELDS = [
  'uuid', 'address', 'node_uuid', 'extra', 'local_link_connection', 'pxe_enabled', 'physical_network',
  'portgroup_uuid', 'created_at', 'updated_at', 'links',
];
const NODE_SUMMARY = ['uuid', 'name', 'instance_uuid', 'power_state', 'provision_state', 'maintenance', 'links'];
const PORT_SUMMARY = ['uuid', 'address', 'links'];

export async function startFakeIronic(
  options: { latencyMs?: number; isValidToken?: (token: string | undefined) => boolean } = {},
): Promise<FakeIronic> {
  const faults = new FaultPlan(options.latencyMs ?? 0);
  const nodes = new Map<string, FakeIronicNode>();
  const ports = new Map<string, FakeIronicPort>();
  let base = '';

  const handle = (request: RecordedRequest): Reply => {
    const url = new URL(request.url, base);
    const versionHeaders = {
      'x-openstack-ironic-api-minimum-version': MIN_VERSION,
      'x-openstack-ironic-api-maximum-version': MAX_VERSION,
    };
    if (url.pathname === '/' || url.pathname === '') {
      return {
        status: 200,
        headers: versionHeaders,
        body: {
          name: 'OpenStack Ironic API',
          description:
            'Ironic is an OpenStack project which enables the provision and management of baremetal machines.',
          default_version: {
            id: 'v1',
            links: [{ href: `${base}/v1/`, rel: 'self' }],
            status: 'CURRENT',
            min_version: MIN_VERSION,
            version: MAX_VERSION,
          },
          versions: [{ id: 'v1', status: 'CURRENT', min_version: MIN_VERSION, version: MAX_VERSION }],
        },
      };
    }
    if (options.isValidToken && !options.isValidToken(request.headers['x-auth-token'] as string | undefined)) {
      return {
        status: 401,
        headers: versionHeaders,
        body: { error_message: fault('The request you have made requires authentication.', 'Client') },
      };
    }
    const requested = (request.headers['x-openstack-ironic-api-version'] as string | undefined) ?? MIN_VERSION;
    if (!inRange(requested)) {
      return {
        status: 406,
        headers: versionHeaders,
        body: {
          error_message: fault(
            `Version ${requested} was requested but the minor version is not supported by this service. The supported version range is: [${MIN_VERSION}, ${MAX_VERSION}].`,
            'Client',
          ),
        },
      };
    }
    const headers = { ...versionHeaders, 'x-openstack-ironic-api-version': requested };
    if (request.method !== 'GET') {
      return {
        status: 405,
        headers,
        body: { error_message: fault('The method specified is not allowed for this resource.', 'Client') },
      };
    }
    const match = /^\/v1\/(nodes|ports)(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (!match)
      return { status: 404, headers, body: { error_message: fault('The resource could not be found.', 'Client') } };
    const [, kind, ident] = match as unknown as [string, 'nodes' | 'ports', string | undefined];
    const table: Map<string, FakeIronicNode | FakeIronicPort> = kind === 'nodes' ? nodes : ports;
    const all = kind === 'nodes' ? NODE_FIELDS : PORT_FIELDS;
    const fieldsParam = url.searchParams.get('fields');
    const fields = fieldsParam?.split(',');
    const invalid = fields?.filter((f) => !all.includes(f)) ?? [];
    if (invalid.length > 0) {
      return {
        status: 400,
        headers,
        body: { error_message: fault(`Field(s) "${invalid.join(', ')}" are not valid`, 'Client') },
      };
    }
    const links = (item: { uuid: string }) => [{ href: `${base}/v1/${kind}/${item.uuid}`, rel: 'self' }];
    const shape = (item: FakeIronicNode | FakeIronicPort, keep: readonly string[]) =>
      Object.fromEntries(keep.map((f) => [f, f === 'links' ? links(item) : (item[f] ?? null)]));

    if (ident && ident !== 'detail') {
      const item =
        table.get(ident) ?? (kind === 'nodes' ? [...nodes.values()].find((n) => n.name === ident) : undefined);
      if (!item) {
        const noun = kind === 'nodes' ? 'Node' : 'Port';
        return {
          status: 404,
          headers,
          body: { error_message: fault(`${noun} ${ident} could not be found.`, 'Client') },
        };
      }
      return { status: 200, headers, body: shape(item, fields ?? all) };
    }

    const detail = ident === 'detail' || url.searchParams.get('detail')?.toLowerCase() === 'true';
    if (detail && fields) {
      return {
        status: 400,
        headers,
        body: { error_message: fault('Can not specify ?detail=True and fields in the same request.', 'Client') },
      };
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? MAX_LIMIT) || MAX_LIMIT, MAX_LIMIT);
    const marker = url.searchParams.get('marker');
    // Insertion order is Ironic's created_at (nodes) and id (ports) order; `sort_dir=desc` reverses it.
    let items = [...table.values()];
    if (url.searchParams.get('sort_dir') === 'desc') items.reverse();
    const nodeFilter = url.searchParams.get('node') ?? url.searchParams.get('node_uuid');
    if (kind === 'ports' && nodeFilter) {
      const node = nodes.get(nodeFilter) ?? [...nodes.values()].find((n) => n.name === nodeFilter);
      items = items.filter((p) => (p as FakeIronicPort).node_uuid === node?.uuid);
    }
    let start = 0;
    if (marker) {
      start = items.findIndex((item) => item.uuid === marker) + 1;
      if (start === 0) {
        return {
          status: 400,
          headers,
          body: { error_message: fault(`Marker ${marker} could not be found.`, 'Client') },
        };
      }
    }
    const page = items.slice(start, start + limit);
    const keep = fields ?? (detail ? all : kind === 'nodes' ? NODE_SUMMARY : PORT_SUMMARY);
    const body: Record<string, unknown> = { [kind]: page.map((item) => shape(item, keep)) };
    if (page.length === limit) {
      const next = new URL(url);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('marker', page[page.length - 1]!.uuid);
      body.next = next.toString();
    }
    return { status: 200, headers, body };
  };

  const server = await startScriptedServer(async (request) => (await faults.before(request)) ?? handle(request));
  base = server.url;
  return { ...server, close: () => server.close(), faults, nodes, ports };
}

/** Ironic's error body: a JSON string inside JSON. */
function fault(faultstring: string, faultcode: 'Client' | 'Server'): string {
  return JSON.stringify({ faultstring, faultcode, debuginfo: null });
}

function inRange(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  const [, maxMinor] = MAX_VERSION.split('.').map(Number);
  return major === 1 && minor !== undefined && minor >= 1 && minor <= maxMinor!;
}
