import { randomUUID } from 'node:crypto';
import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';
import { graphqlApi } from './graphql.js';

/**
 * A fake Nautobot 2.x REST API on 127.0.0.1 answering like the real one for the endpoints opsflow uses:
 * `Authorization: Token`, `Accept: application/json; version=2.x`, `count/next/previous/results` with limit/offset
 * (MAX_PAGE_SIZE 1000), filters (`?name=`, `?serial=`, `?id=`, `?device_id=`, `?cf_<field>=`), single and bulk
 * (list) POST/PATCH/DELETE on list endpoints with atomic bulk writes, ids accepted on create (Nautobot >= 2.4),
 * related objects by UUID or attribute dict, and 400 bodies with per-field messages (a list of them for bulk).
 * Many-to-many fields (`tags`, a status's `content_types`) are rendered unless `?exclude_m2m=true` (Nautobot 2.4).
 * `POST /api/graphql/` answers queries of the same objects (./graphql.ts).
 */
export type Row = Record<string, unknown> & { id: string };
export type Collection = 'dcim/devices' | 'dcim/interfaces' | 'extras/statuses' | 'tenancy/tenants';

interface CollectionRules {
  readonly required: readonly string[];
  /** Field sets that must be unique together. */
  readonly unique: readonly (readonly string[])[];
  readonly customFields: readonly string[];
  readonly related: Readonly<Record<string, string>>;
  /** Many-to-many fields, which `?exclude_m2m=true` leaves out (`tags` rendered `[]` when a row has none). */
  readonly m2m: readonly string[];
  readonly objectType: string;
}

const RULES: Record<Collection, CollectionRules> = {
  'dcim/devices': {
    required: ['device_type', 'role', 'location', 'status'],
    unique: [['name', 'location']],
    customFields: ['ironic_provision_state'],
    related: {
      status: 'extras.status',
      role: 'extras.role',
      device_type: 'dcim.devicetype',
      location: 'dcim.location',
      tenant: 'tenancy.tenant',
    },
    m2m: ['tags'],
    objectType: 'dcim.device',
  },
  'dcim/interfaces': {
    required: ['device', 'name', 'type', 'status'],
    unique: [['device', 'name']],
    customFields: [],
    related: { device: 'dcim.device', status: 'extras.status' },
    m2m: ['tags'],
    objectType: 'dcim.interface',
  },
  'extras/statuses': {
    required: ['name'],
    unique: [['name']],
    customFields: [],
    related: {},
    m2m: ['content_types'],
    objectType: 'extras.status',
  },
  'tenancy/tenants': {
    required: ['name'],
    unique: [['name']],
    customFields: ['keystone_project_id'],
    related: {},
    m2m: ['tags'],
    objectType: 'tenancy.tenant',
  },
};

const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 50;
const SUPPORTED_VERSIONS = ['2.0', '2.1', '2.2', '2.3', '2.4'];
const MAC = /^([0-9A-F]{2}[:-]){5}[0-9A-F]{2}$/i;

export const DEFAULT_STATUSES = ['Active', 'Planned', 'Staged', 'Failed', 'Offline', 'Decommissioning'];

/** A request that can change what Nautobot holds: any but a GET or a GraphQL query (its GraphQL API runs no mutation). */
export function isWrite(request: RecordedRequest): boolean {
  return request.method !== 'GET' && !(request.method === 'POST' && request.url === '/api/graphql/');
}

export interface FakeNautobotOptions {
  readonly token?: string;
  readonly latencyMs?: number;
}

export interface FakeNautobot extends ScriptedServer {
  readonly token: string;
  readonly faults: FaultPlan;
  /** The stored objects of a collection, e.g. `rows('dcim/devices')`, in creation order (edit them only before the API has served them: renderings and pages are cached until the next write). */
  rows(collection: Collection): Row[];
  /** Stores an object directly (test set-up), applying the same defaults as a create. */
  seed(collection: Collection, object: Record<string, unknown>): Row;
  statusId(name: string): string;
}

export async function startFakeNautobot(options: FakeNautobotOptions = {}): Promise<FakeNautobot> {
  const token = options.token ?? 'nautobot-test-token-0123456789';
  const faults = new FaultPlan(options.latencyMs ?? 0);
  /** Counts writes (Table set/delete), so cached pages know when they are stale. */
  let writes = 0;
  const onWrite = () => {
    writes++;
  };
  const store = new Map<Collection, Table>(
    (Object.keys(RULES) as Collection[]).map((name) => [name, new Table(RULES[name].unique, onWrite)]),
  );
  let baseUrl = '';

  const ref = (collection: Collection, field: string, id: unknown) =>
    id === null || id === undefined
      ? null
      : {
          id,
          object_type: RULES[collection].related[field],
          url: `${baseUrl}/api/${urlOf(RULES[collection].related[field] ?? '')}/${id}/`,
        };

  // Listing pages and GraphQL answers are served from a cache until the next write: the fake stays fast with
  // thousands of rows, and a bench measures its client, not the fake.
  const objectUrl = (collection: Collection, id: string) => `${baseUrl}/api/${collection}/${id}/`;
  const pageCache = new Map<string, unknown>();
  let pageCacheVersion = 0;
  const cachedPage = <T>(key: string, render: () => T): T => {
    if (pageCacheVersion !== writes) {
      pageCache.clear();
      pageCacheVersion = writes;
    }
    if (!pageCache.has(key)) pageCache.set(key, render());
    return pageCache.get(key) as T;
  };
  const graphql = graphqlApi({
    rows: (collection, filters) => [...store.get(collection)!.values()].filter((row) => matchesFilters(row, filters)),
    row: (collection, id) => store.get(collection)!.get(id),
    customFields: (collection) => RULES[collection].customFields,
    url: (collection, id) => objectUrl(collection, id),
  });
  // Rows are replaced, never mutated, on write: a rendering stays valid as long as its row object lives.
  const rendered = new WeakMap<Row, Record<string, unknown>>();
  const render = (collection: Collection, row: Row, depth: number, excludeM2m = false): Record<string, unknown> => {
    const full = renderWithM2m(collection, row, depth);
    if (!excludeM2m) return full;
    const out = { ...full };
    for (const field of RULES[collection].m2m) delete out[field];
    return out;
  };
  const renderWithM2m = (collection: Collection, row: Row, depth: number): Record<string, unknown> => {
    const cached = depth === 0 ? rendered.get(row) : undefined;
    if (cached) return cached;
    const out: Record<string, unknown> = {
      ...(RULES[collection].m2m.includes('tags') ? { tags: [] } : {}),
      ...row,
      object_type: RULES[collection].objectType,
      url: objectUrl(collection, row.id),
      display: row.name ?? row.id,
    };
    for (const field of Object.keys(RULES[collection].related)) {
      if (!(field in row)) continue;
      const related = ref(collection, field, row[field]);
      if (related && depth > 0 && field === 'status') {
        const status = store.get('extras/statuses')!.get(String(row[field]));
        out[field] = { ...related, name: status?.name };
      } else {
        out[field] = related;
      }
    }
    if (depth === 0) rendered.set(row, out);
    return out;
  };

  /** Validates one write; returns the row to store, or the per-field errors Nautobot would send. */
  const validate = (
    collection: Collection,
    input: unknown,
    existing: Row | undefined,
    pendingIds: Set<string>,
  ): { row: Row } | { errors: Record<string, string[]> } => {
    const rules = RULES[collection];
    const errors: Record<string, string[]> = {};
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { errors: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } };
    }
    const data = input as Record<string, unknown>;
    const row: Row = existing
      ? { ...existing, custom_fields: { ...(existing.custom_fields as object) } }
      : ({
          id: typeof data.id === 'string' ? data.id : randomUUID(),
          custom_fields: Object.fromEntries(rules.customFields.map((f) => [f, null])),
          ...(collection === 'dcim/devices' ? { serial: '', tenant: null, name: null } : {}),
          ...(collection === 'dcim/interfaces' ? { mac_address: null } : {}),
          ...(collection === 'tenancy/tenants' ? { description: '' } : {}),
        } as Row);
    if (!existing && typeof data.id === 'string') {
      const kind = rules.objectType.split('.')[1];
      if (store.get(collection)!.has(data.id) || pendingIds.has(data.id)) {
        errors.id = [`${kind} with this id already exists.`];
      }
    }
    for (const field of rules.required) {
      if (!existing && (data[field] === undefined || data[field] === null || data[field] === '')) {
        errors[field] = ['This field is required.'];
      }
    }
    for (const [field, value] of Object.entries(data)) {
      if (field === 'id') continue;
      if (field === 'custom_fields') {
        if (typeof value !== 'object' || value === null) {
          errors.custom_fields = ['Invalid data. Expected a dictionary.'];
          continue;
        }
        for (const [key, v] of Object.entries(value)) {
          if (!rules.customFields.includes(key)) {
            addError(errors, 'custom_fields', `Unknown field name '${key}' in custom field data.`);
          } else (row.custom_fields as Record<string, unknown>)[key] = v;
        }
        continue;
      }
      if (field in rules.related) {
        const resolved = resolveRelated(field, value);
        if ('error' in resolved) errors[field] = [resolved.error];
        else row[field] = resolved.id;
        continue;
      }
      if (field === 'mac_address' && value !== null) {
        if (typeof value !== 'string' || !MAC.test(value)) {
          errors.mac_address = ['Enter a valid MAC address.'];
          continue;
        }
        row[field] = value.toUpperCase().replace(/-/g, ':');
        continue;
      }
      // Django's MaxLengthValidator counts len(str): code points, not UTF-16 units.
      if (typeof value === 'string' && value.length > 255 && [...value].length > 255) {
        errors[field] = ['Ensure this field has no more than 255 characters.'];
        continue;
      }
      row[field] = value;
    }
    for (const fields of rules.unique) {
      const owner = store.get(collection)!.uniqueOwner(fields, row);
      if (owner !== undefined && owner !== row.id) {
        addError(errors, 'non_field_errors', `The fields ${fields.join(', ')} must make a unique set.`);
      }
    }
    return Object.keys(errors).length > 0 ? { errors } : { row };
  };

  const resolveRelated = (field: string, value: unknown): { id: unknown } | { error: string } => {
    if (value === null) return { id: null };
    if (field === 'status') {
      const statuses = [...store.get('extras/statuses')!.values()];
      const found =
        typeof value === 'string'
          ? statuses.find((s) => s.id === value)
          : statuses.find((s) => Object.entries(value as object).every(([k, v]) => s[k] === v));
      if (!found) return { error: `Related object not found using the provided attributes: ${JSON.stringify(value)}` };
      return { id: found.id };
    }
    if (field === 'device') {
      const device = typeof value === 'string' ? store.get('dcim/devices')!.get(value) : undefined;
      if (!device) return { error: `Related object not found using the provided attributes: ${JSON.stringify(value)}` };
      return { id: device.id };
    }
    // Roles, device types, locations and tenants are not modelled: a UUID or an attribute dict stands for itself.
    if (typeof value === 'string') return { id: value };
    if (typeof value === 'object') return { id: `by-${Object.values(value as object).join('-')}` };
    return { error: `Incorrect type. Expected pk value, received ${typeof value}.` };
  };

  const handle = (request: RecordedRequest): Reply => {
    if (request.headers.authorization !== `Token ${token}`) {
      return { status: 403, body: { detail: 'Invalid token' } };
    }
    const accept = String(request.headers.accept ?? '');
    const version = /version=([\d.]+)/.exec(accept)?.[1];
    if (version && !SUPPORTED_VERSIONS.includes(version)) {
      return {
        status: 406,
        body: { detail: `Invalid version in "Accept" header. Supported versions are ${SUPPORTED_VERSIONS.join(', ')}` },
      };
    }
    const url = new URL(request.url, baseUrl);
    const headers = { 'api-version': version ?? '2.4' };
    if (url.pathname === '/api/graphql/') {
      if (request.method !== 'POST') {
        return { status: 405, headers, body: { detail: `Method "${request.method}" not allowed.` } };
      }
      const contentType = String(request.headers['content-type'] ?? '');
      const { status, body } = cachedPage(`graphql ${contentType} ${request.body}`, () =>
        graphql(contentType, request.body),
      );
      return { status, headers: { ...headers, 'content-type': 'application/json' }, body };
    }
    const match = /^\/api\/([a-z]+\/[a-z-]+)\/(?:([^/]+)\/)?$/.exec(url.pathname);
    const collection = match?.[1] as Collection | undefined;
    if (!collection || !store.has(collection)) return { status: 404, body: { detail: 'Not found.' } };
    const rows = store.get(collection)!;
    const id = match?.[2];
    const depth = Number(url.searchParams.get('depth') ?? '0');
    const excludeM2m = /^(true|1)$/i.test(url.searchParams.get('exclude_m2m') ?? '');
    let body: unknown;
    if (request.body !== '') {
      try {
        body = JSON.parse(request.body);
      } catch {
        return { status: 400, body: { detail: 'JSON parse error' } };
      }
    }

    if (id !== undefined) {
      const row = rows.get(id);
      if (!row) return { status: 404, headers, body: { detail: 'Not found.' } };
      switch (request.method) {
        case 'GET':
          return { status: 200, headers, body: render(collection, row, depth, excludeM2m) };
        case 'PATCH': {
          const result = validate(collection, body, row, new Set());
          if ('errors' in result) return { status: 400, headers, body: result.errors };
          rows.set(id, result.row);
          return { status: 200, headers, body: render(collection, result.row, 0) };
        }
        case 'DELETE':
          rows.delete(id);
          return { status: 204, headers };
        default:
          return { status: 405, headers, body: { detail: `Method "${request.method}" not allowed.` } };
      }
    }

    switch (request.method) {
      case 'GET': {
        const json = cachedPage(`${collection}${url.search}`, () => {
          const limit = Math.min(
            Number(url.searchParams.get('limit') ?? DEFAULT_PAGE_SIZE) || MAX_PAGE_SIZE,
            MAX_PAGE_SIZE,
          );
          const offset = Number(url.searchParams.get('offset') ?? '0');
          const filters = filtersOf(url.searchParams);
          const filtered = [...rows.values()].filter((row) => matchesFilters(row, filters));
          const page = filtered.slice(offset, offset + limit);
          const link = (o: number) => {
            const next = new URL(url);
            next.searchParams.set('limit', String(limit));
            next.searchParams.set('offset', String(o));
            return next.toString();
          };
          return JSON.stringify({
            count: filtered.length,
            next: offset + limit < filtered.length ? link(offset + limit) : null,
            previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
            results: page.map((row) => render(collection, row, depth, excludeM2m)),
          });
        });
        return { status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: json };
      }
      case 'POST': {
        const bulk = Array.isArray(body);
        const items = bulk ? (body as unknown[]) : [body];
        const pendingIds = new Set<string>();
        const results = items.map((item) => {
          const result = validate(collection, item, undefined, pendingIds);
          if ('row' in result) pendingIds.add(result.row.id);
          return result;
        });
        if (results.some((r) => 'errors' in r)) {
          const errors = results.map((r) => ('errors' in r ? r.errors : {}));
          return { status: 400, headers, body: bulk ? errors : errors[0] };
        }
        const created = results.map((r) => (r as { row: Row }).row);
        for (const row of created) rows.set(row.id, row);
        const rendered = created.map((row) => render(collection, row, 0));
        return { status: 201, headers, body: bulk ? rendered : rendered[0] };
      }
      case 'PATCH':
      case 'PUT': {
        if (!Array.isArray(body))
          return { status: 405, headers, body: { detail: `Method "${request.method}" not allowed.` } };
        const results = body.map((item: { id?: unknown }) => {
          if (typeof item?.id !== 'string') return { errors: { id: ['This field is required.'] } };
          const row = rows.get(item.id);
          if (!row) return { errors: { id: [`Object with id ${item.id} does not exist.`] } };
          return validate(collection, item, row, new Set());
        });
        if (results.some((r) => 'errors' in r)) {
          return { status: 400, headers, body: results.map((r) => ('errors' in r ? r.errors : {})) };
        }
        const updated = results.map((r) => (r as { row: Row }).row);
        for (const row of updated) rows.set(row.id, row);
        return { status: 200, headers, body: updated.map((row) => render(collection, row, 0)) };
      }
      case 'DELETE': {
        if (!Array.isArray(body)) return { status: 405, headers, body: { detail: 'Method "DELETE" not allowed.' } };
        const missing = body.filter((item: { id?: unknown }) => typeof item?.id !== 'string' || !rows.has(item.id));
        if (missing.length > 0)
          return {
            status: 400,
            headers,
            body: body.map((item: { id?: unknown }) =>
              missing.includes(item) ? { id: ['Object does not exist.'] } : {},
            ),
          };
        for (const item of body as { id: string }[]) rows.delete(item.id);
        return { status: 204, headers };
      }
      default:
        return { status: 405, headers, body: { detail: `Method "${request.method}" not allowed.` } };
    }
  };

  const server = await startScriptedServer((request) => faults.serve(request, handle));
  baseUrl = server.url;

  const seed = (collection: Collection, object: Record<string, unknown>): Row => {
    const result = validate(collection, object, undefined, new Set());
    if ('errors' in result) throw new Error(`bad seed for ${collection}: ${JSON.stringify(result.errors)}`);
    store.get(collection)!.set(result.row.id, result.row);
    return result.row;
  };
  for (const name of DEFAULT_STATUSES) {
    seed('extras/statuses', { name, content_types: ['dcim.device', 'dcim.interface'] });
  }

  return {
    ...server,
    url: server.url,
    requests: server.requests,
    close: () => server.close(),
    token,
    faults,
    rows: (collection) => [...store.get(collection)!.values()],
    seed,
    statusId: (name) => {
      const status = [...store.get('extras/statuses')!.values()].find((s) => s.name === name);
      if (!status) throw new Error(`no status ${name}`);
      return status.id;
    },
  };
}

/** A collection's rows with an index per unique field set, so validating a write does not scan every row. */
class Table extends Map<string, Row> {
  private readonly indexes: Map<string, Map<string, string>>;

  constructor(
    private readonly uniqueSets: readonly (readonly string[])[],
    private readonly onWrite: () => void = () => {},
  ) {
    super();
    this.indexes = new Map(uniqueSets.map((fields) => [fields.join(','), new Map()]));
  }

  /** The id of the row holding `row`'s values of `fields`, if any. */
  uniqueOwner(fields: readonly string[], row: Row): string | undefined {
    const key = uniqueKey(fields, row);
    return key === undefined ? undefined : this.indexes.get(fields.join(','))?.get(key);
  }

  override set(id: string, row: Row): this {
    this.onWrite();
    this.unindex(id);
    for (const fields of this.uniqueSets ?? []) {
      const key = uniqueKey(fields, row);
      if (key !== undefined) this.indexes.get(fields.join(','))!.set(key, id);
    }
    return super.set(id, row);
  }

  override delete(id: string): boolean {
    this.onWrite();
    this.unindex(id);
    return super.delete(id);
  }

  private unindex(id: string): void {
    const old = this.get(id);
    if (!old) return;
    for (const fields of this.uniqueSets) {
      const key = uniqueKey(fields, old);
      if (key !== undefined) this.indexes.get(fields.join(','))!.delete(key);
    }
  }
}

function uniqueKey(fields: readonly string[], row: Row): string | undefined {
  const values = fields.map((f) => row[f]);
  return values.some((v) => v === null || v === undefined) ? undefined : JSON.stringify(values);
}

export type Filters = readonly (readonly [key: string, values: readonly string[]])[];

function filtersOf(params: URLSearchParams): Filters {
  return [...new Set(params.keys())]
    .filter((key) => !['limit', 'offset', 'depth', 'exclude_m2m'].includes(key))
    .map((key) => [key, params.getAll(key)] as const);
}

function matchesFilters(row: Row, filters: Filters): boolean {
  for (const [key, values] of filters) {
    if (key === 'content_types') {
      if (!(row.content_types as string[]).some((t) => values.includes(t))) return false;
      continue;
    }
    let actual: unknown;
    if (key.startsWith('cf_')) actual = (row.custom_fields as Record<string, unknown>)[key.slice(3)];
    else if (key === 'device_id' || key === 'device') actual = row.device;
    else actual = row[key];
    if (!values.includes(String(actual))) return false;
  }
  return true;
}

function addError(errors: Record<string, string[]>, field: string, message: string): void {
  errors[field] = [...(errors[field] ?? []), message];
}

function urlOf(objectType: string): string {
  const [app, model] = objectType.split('.');
  const plural: Record<string, string> = { devicetype: 'device-types', status: 'statuses', device: 'devices' };
  return `${app}/${plural[model ?? ''] ?? `${model}s`}`;
}
