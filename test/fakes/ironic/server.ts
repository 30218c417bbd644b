import { randomUUID } from 'node:crypto';
import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/**
 * A fast fake of Ironic's v1 API for unit tests and the resync bench (the real Ironic runs in the integration
 * tests): version discovery at `/`, `X-OpenStack-Ironic-API-Version` negotiation (406 outside 1.1..1.82), nodes and
 * ports with `limit`/`marker` pagination, `max_limit` 1000, `next` links only after a full page, `fields` selection
 * (400 for a field that does not exist), `/detail` and `?detail=True`, lookups by UUID or name, `?node=` on ports,
 * and Ironic's twice-encoded `error_message` bodies. A node's state changes like a conductor's: `PUT .../states/
 * provision` and `.../states/power` answer 202 and move the node through the transitional state (400 for a verb its
 * state does not allow, 409 NodeLocked while a power change holds it), which ends after `transitionMs`; `PATCH`
 * (JSON patch of `/extra/...`) and maintenance `PUT`/`DELETE` apply at once.
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
  'uuid', 'name', 'driver', 'driver_info', 'provision_state', 'target_provision_state', 'power_state', 'target_power_state',
  'maintenance', 'maintenance_reason', 'fault', 'last_error', 'properties', 'extra', 'owner', 'instance_uuid',
  'resource_class', 'created_at', 'updated_at', 'provision_updated_at', 'links',
];
// biome-ignore format: field lists
const PORT_FIELDS = [
  'uuid', 'address', 'node_uuid', 'extra', 'local_link_connection', 'pxe_enabled', 'physical_network',
  'portgroup_uuid', 'created_at', 'updated_at', 'links',
];
const NODE_SUMMARY = ['uuid', 'name', 'instance_uuid', 'power_state', 'provision_state', 'maintenance', 'links'];
const PORT_SUMMARY = ['uuid', 'address', 'links'];

/**
 * The provision verbs the fake knows: the states each is accepted in, the transitional state the node passes
 * through and the state it ends in (ironic/common/states.py's machine, reduced to what the steps use).
 */
const VERBS: Record<string, { from: readonly string[]; via: string; to: string }> = {
  manage: { from: ['enroll', 'available', 'inspect failed', 'clean failed'], via: 'verifying', to: 'manageable' },
  provide: { from: ['manageable'], via: 'cleaning', to: 'available' },
  inspect: { from: ['manageable', 'inspect failed'], via: 'inspecting', to: 'manageable' },
  clean: { from: ['manageable'], via: 'cleaning', to: 'manageable' },
  rebuild: { from: ['active', 'deploy failed'], via: 'deploying', to: 'active' },
};
const POWER_ENDS: Record<string, string> = {
  'power on': 'power on',
  'power off': 'power off',
  'soft power off': 'power off',
  rebooting: 'power on',
  'soft rebooting': 'power on',
};

export async function startFakeIronic(
  options: {
    latencyMs?: number;
    isValidToken?: (token: string | undefined) => boolean;
    /** How long a provision or power change takes. @default 50 */
    transitionMs?: number;
    /**
     * Serve each listing page rendered once per URL and microversion until the fake's own next write or state change,
     * so that a bench measures its client, not the fake's rendering. Only for an inventory that is seeded before the
     * first request and never edited in place (`nodes.get(x).provision_state = ...` would not show). @default false
     */
    cacheListings?: boolean;
  } = {},
): Promise<FakeIronic> {
  const faults = new FaultPlan(options.latencyMs ?? 0);
  const nodes = new Map<string, FakeIronicNode>();
  const ports = new Map<string, FakeIronicPort>();
  /** Rendered listing pages by microversion and URL (`cacheListings`). */
  const listings = new Map<string, string>();
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
    for (const uuid of settling.keys()) {
      const node = nodes.get(uuid);
      if (node) settle(node);
    }
    if (request.method !== 'GET') {
      listings.clear();
      const change = mutate(request, url.pathname);
      if (change) return { ...change, headers };

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

    const cacheKey = `${requested} ${url.pathname}${url.search}`;
    const cached = listings.get(cacheKey);
    if (cached) return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: cached };
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
    const address = url.searchParams.get('address');
    if (kind === 'ports' && address)
      items = items.filter((p) => (p as FakeIronicPort).address === address.toLowerCase());
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
    if (!options.cacheListings) return { status: 200, headers, body };
    const json = JSON.stringify(body);
    listings.set(cacheKey, json);
    return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: json };
  };

  const transitionMs = options.transitionMs ?? 50;
  /** When each node's provision or power change ends. */
  const settling = new Map<string, { at: number; provision?: string; power?: string }>();
  const settle = (node: FakeIronicNode) => {
    const pending = settling.get(node.uuid);
    if (!pending || Date.now() < pending.at) return;
    settling.delete(node.uuid);
    listings.clear();
    if (pending.provision) Object.assign(node, { provision_state: pending.provision, target_provision_state: null });
    if (pending.power) Object.assign(node, { power_state: pending.power, target_power_state: null });
  };

  const mutate = (request: RecordedRequest, path: string): Reply | undefined => {
    if (request.method === 'POST' && (path === '/v1/nodes' || path === '/v1/ports')) return create(request, path);
    const match = /^\/v1\/nodes\/([^/]+)(\/states\/provision|\/states\/power|\/maintenance)?$/.exec(path);
    if (!match) return undefined;
    const node = nodes.get(match[1]!) ?? [...nodes.values()].find((n) => n.name === match[1]);
    if (!node) return { status: 404, body: { error_message: fault(`Node ${match[1]} could not be found.`, 'Client') } };
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    const now = new Date().toISOString();
    if (match[2] === '/maintenance') {
      Object.assign(
        node,
        request.method === 'PUT'
          ? { maintenance: true, maintenance_reason: (body.reason as string | undefined) ?? null }
          : { maintenance: false, maintenance_reason: null },
      );
      return { status: 202 };
    }
    if (settling.get(node.uuid)?.power !== undefined) {
      return {
        status: 409,
        body: {
          error_message: fault(
            `Node ${node.uuid} is locked by host fake-conductor, please retry after the current operation is completed.`,
            'Client',
          ),
        },
      };
    }
    if (match[2] === '/states/provision') {
      const verb = VERBS[body.target as string];
      if (!verb?.from.includes(node.provision_state)) {
        return {
          status: 400,
          body: {
            error_message: fault(
              `The requested action "${body.target}" can not be performed on node "${node.uuid}" while it is in state "${node.provision_state}".`,
              'Client',
            ),
          },
        };
      }
      Object.assign(node, { provision_state: verb.via, target_provision_state: verb.to, provision_updated_at: now });
      settling.set(node.uuid, { at: Date.now() + transitionMs, provision: verb.to });
      return { status: 202 };
    }
    if (match[2] === '/states/power') {
      const ends = POWER_ENDS[body.target as string];
      if (!ends) return { status: 400, body: { error_message: fault(`Invalid power state ${body.target}`, 'Client') } };
      Object.assign(node, { target_power_state: ends, updated_at: now });
      settling.set(node.uuid, { at: Date.now() + transitionMs, power: ends });
      return { status: 202 };
    }
    if (request.method === 'PATCH') {
      // JSON patch of /extra/<key>: what the steps write (their markers).
      for (const op of JSON.parse(request.body) as { op: string; path: string; value?: unknown }[]) {
        const key = /^\/extra\/(.+)$/.exec(op.path)?.[1];
        if (!key) return { status: 400, body: { error_message: fault(`Cannot patch ${op.path}`, 'Client') } };
        const extra = { ...node.extra };
        if (op.op === 'remove') delete extra[key];
        else extra[key] = op.value;
        node.extra = extra;
      }
      node.updated_at = now;
      return { status: 200, body: node };
    }
    return undefined;
  };

  /** POST /v1/nodes (in `enroll`, passwords in driver_info masked as Ironic shows them) and POST /v1/ports. */
  const create = (request: RecordedRequest, path: string): Reply => {
    const body = JSON.parse(request.body) as Record<string, unknown>;
    const uuid = randomUUID();
    if (path === '/v1/nodes') {
      const driverInfo = Object.fromEntries(
        Object.entries((body.driver_info as Record<string, unknown> | undefined) ?? {}).map(([key, value]) => [
          key,
          key.endsWith('_password') ? '******' : value,
        ]),
      );
      const node: FakeIronicNode = {
        ...body,
        uuid,
        name: (body.name as string | undefined) ?? null,
        driver_info: driverInfo,
        provision_state: 'enroll',
        power_state: null,
        maintenance: false,
        extra: {},
      };
      nodes.set(uuid, node);
      return { status: 201, body: node };
    }
    const address = String(body.address).toLowerCase();
    if ([...ports.values()].some((port) => port.address === address)) {
      return {
        status: 409,
        body: { error_message: fault(`A port with MAC address ${address} already exists.`, 'Client') },
      };
    }
    const port: FakeIronicPort = { uuid, address, node_uuid: String(body.node_uuid), extra: {} };
    ports.set(uuid, port);
    return { status: 201, body: port };
  };

  const server = await startScriptedServer((request) => faults.serve(request, handle));
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
