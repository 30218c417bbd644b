import {
  executeSync,
  GraphQLError,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLNullableType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getOperationAST,
  parse,
  validate,
} from 'graphql';
import type { Collection, Filters, Row } from './server.js';

/**
 * The fake Nautobot's GraphQL API (`POST /api/graphql/`), answering as Nautobot 2.4 does (nautobot/core/api/views.py
 * `GraphQLDRFAPIView`, nautobot/core/graphql/ at v2.4.9), built on graphql-js:
 * - a body that is not JSON, or has no query: 400 `{"errors": [{"message": ...}]}`;
 * - a query that does not parse or validate (an unknown field), or an operation other than a query: 400 with
 *   `errors` and no `data`;
 * - a query whose resolvers fail (a negative offset): 200 with `errors` and the `data` that resolved.
 * Types carry the REST fields under their GraphQL names (related objects as sub-selections, a custom field `<key>` as
 * the field `cf_<key>`); list queries take `limit` and `offset` (no cap, no count) and a few of the filterset's
 * filters (`id`, `name`; `device_id` for interfaces; `content_types` for statuses), each a list of strings.
 */

/** What the schema reads of the fake's store. */
export interface GraphQLStore {
  /** A collection's rows matching the filters, in the order REST lists them. */
  rows(collection: Collection, filters: Filters): readonly Row[];
  row(collection: Collection, id: string): Row | undefined;
  customFields(collection: Collection): readonly string[];
  /** The object's REST URL (the `url` field of every Nautobot GraphQL type). */
  url(collection: Collection, id: string): string;
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly body: string;
}

export function graphqlApi(store: GraphQLStore): (contentType: string, body: string) => GraphQLAnswer {
  const schema = buildSchema(store);
  return (contentType, text) => {
    // Nautobot reads JSON bodies (and application/graphql); any other body has no query.
    let data: unknown = {};
    if (/^application\/json\b/.test(contentType)) {
      try {
        data = JSON.parse(text);
      } catch {
        return refused([{ message: 'Request body contained Invalid JSON.' }]);
      }
    }
    const { query, variables, operationName } = (data ?? {}) as {
      query?: unknown;
      variables?: Record<string, unknown> | null;
      operationName?: string | null;
    };
    if (typeof query !== 'string' || query === '') return refused([{ message: 'Must provide query string.' }]);
    let document: ReturnType<typeof parse>;
    try {
      document = parse(query);
    } catch (error) {
      return refused([formatted(error as GraphQLError)]);
    }
    const operation = getOperationAST(document, operationName ?? undefined)?.operation;
    if (operation && operation !== 'query') {
      return refused([{ message: `'${operation}' is not a supported operation, Only query are supported.` }]);
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return refused(invalid.map(formatted));
    const result = executeSync({
      schema,
      document,
      variableValues: variables ?? undefined,
      operationName: operationName ?? undefined,
    });
    // No data at all (bad variables, no operation of that name): Nautobot marks the result invalid, a 400.
    if (result.data === undefined) return refused((result.errors ?? []).map(formatted));
    const errors = result.errors?.map(formatted);
    return { status: 200, body: JSON.stringify(errors ? { errors, data: result.data } : { data: result.data }) };
  };
}

function refused(errors: readonly object[]): GraphQLAnswer {
  return { status: 400, body: JSON.stringify({ errors }) };
}

/** graphene-django's format_error: message, locations and path (no extensions). */
function formatted(error: GraphQLError): object {
  const { message, locations, path } = error.toJSON();
  return { message, ...(locations ? { locations } : {}), ...(path ? { path } : {}) };
}

const STRINGS = new GraphQLList(GraphQLString);

function buildSchema(store: GraphQLStore): GraphQLSchema {
  const required = <T extends GraphQLNullableType>(type: T) => new GraphQLNonNull(type);
  const common = (collection: Collection): GraphQLFieldConfigMap<Row, unknown> => ({
    id: { type: required(GraphQLID) },
    url: { type: GraphQLString, resolve: (row) => store.url(collection, row.id) },
    ...Object.fromEntries(
      store
        .customFields(collection)
        .map((key) => [
          `cf_${key}`,
          { type: GraphQLString, resolve: (row: Row) => (row.custom_fields as Record<string, unknown>)[key] ?? null },
        ]),
    ),
  });
  /** A reference to a stored row (`status { id name }`), or to an object the fake does not model (only its id). */
  const reference = (
    field: string,
    type: GraphQLObjectType,
    collection?: Collection,
    nullable = false,
  ): GraphQLFieldConfig<Row, unknown> => ({
    type: nullable ? type : required(type),
    resolve: (row) => {
      const id = row[field];
      if (id === null || id === undefined) return null;
      return (collection && store.row(collection, String(id))) ?? { id };
    },
  });
  const idOnly = (name: string) => new GraphQLObjectType({ name, fields: { id: { type: required(GraphQLID) } } });
  const roleType = idOnly('RoleType');
  const deviceTypeType = idOnly('DeviceTypeType');
  const locationType = idOnly('LocationType');

  const contentType = new GraphQLObjectType<string>({
    name: 'ContentTypeType',
    fields: {
      app_label: { type: required(GraphQLString), resolve: (type) => type.split('.')[0] },
      model: { type: required(GraphQLString), resolve: (type) => type.split('.')[1] },
    },
  });
  const statusType: GraphQLObjectType = new GraphQLObjectType<Row>({
    name: 'StatusType',
    fields: () => ({
      ...common('extras/statuses'),
      name: { type: required(GraphQLString) },
      content_types: { type: new GraphQLList(contentType) },
    }),
  });
  const tenantType: GraphQLObjectType = new GraphQLObjectType<Row>({
    name: 'TenantType',
    fields: () => ({
      ...common('tenancy/tenants'),
      name: { type: required(GraphQLString) },
      description: { type: required(GraphQLString) },
    }),
  });
  const deviceType: GraphQLObjectType = new GraphQLObjectType<Row>({
    name: 'DeviceType',
    fields: () => ({
      ...common('dcim/devices'),
      name: { type: GraphQLString },
      serial: { type: required(GraphQLString) },
      status: reference('status', statusType, 'extras/statuses'),
      role: reference('role', roleType),
      device_type: reference('device_type', deviceTypeType),
      location: reference('location', locationType),
      tenant: reference('tenant', tenantType, 'tenancy/tenants', true),
    }),
  });
  const interfaceType: GraphQLObjectType = new GraphQLObjectType<Row>({
    name: 'InterfaceType',
    fields: () => ({
      ...common('dcim/interfaces'),
      name: { type: required(GraphQLString) },
      // An enum of the interface types in Nautobot; the fake stores any string.
      type: { type: required(GraphQLString) },
      // Upper case with colons, null when empty, as REST renders it (nautobot/dcim/graphql/types.py InterfaceType).
      mac_address: { type: GraphQLString },
      device: reference('device', deviceType, 'dcim/devices'),
      status: reference('status', statusType, 'extras/statuses'),
    }),
  });

  /** `devices(limit, offset, <filters>)`: the filterset's filters, then `qs[offset:][:limit]` (generate_list_resolver). */
  const list = (
    collection: Collection,
    type: GraphQLObjectType,
    filters: readonly string[],
  ): GraphQLFieldConfig<unknown, unknown> => ({
    type: new GraphQLList(type),
    args: {
      limit: { type: GraphQLInt },
      offset: { type: GraphQLInt },
      ...Object.fromEntries(['id', 'name', ...filters].map((name) => [name, { type: STRINGS }])),
    },
    resolve: (_root, args: Record<string, unknown>) => {
      const { limit, offset, ...given } = args as { limit?: number | null; offset?: number | null };
      // Django's queryset slicing refuses negative bounds.
      if ((offset ?? 0) < 0 || (limit ?? 0) < 0) throw new GraphQLError('Negative indexing is not supported.');
      const filters: Filters = Object.entries(given)
        .filter(([, values]) => values !== null && values !== undefined)
        .map(([key, values]) => [key, (values as unknown[]).map(String)]);
      let rows = store.rows(collection, filters);
      if (offset) rows = rows.slice(offset);
      if (limit) rows = rows.slice(0, limit);
      return rows;
    },
  });
  const single = (collection: Collection, type: GraphQLObjectType): GraphQLFieldConfig<unknown, unknown> => ({
    type,
    args: { id: { type: GraphQLID } },
    resolve: (_root, { id }: { id?: string | null }) => (id ? (store.row(collection, id) ?? null) : null),
  });
  const customFilters = (collection: Collection) => store.customFields(collection).map((key) => `cf_${key}`);

  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        device: single('dcim/devices', deviceType),
        devices: list('dcim/devices', deviceType, ['serial', ...customFilters('dcim/devices')]),
        interface: single('dcim/interfaces', interfaceType),
        interfaces: list('dcim/interfaces', interfaceType, ['device_id']),
        status: single('extras/statuses', statusType),
        statuses: list('extras/statuses', statusType, ['content_types']),
        tenant: single('tenancy/tenants', tenantType),
        tenants: list('tenancy/tenants', tenantType, customFilters('tenancy/tenants')),
      },
    }),
  });
}
