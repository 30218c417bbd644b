import type { EndpointInterface } from './config.js';

/** The service catalog of a Keystone v3 token (`token.catalog`, also `GET /v3/auth/catalog`). */
export interface CatalogEndpoint {
  readonly id?: string;
  readonly interface: EndpointInterface;
  readonly region?: string | null;
  readonly region_id?: string | null;
  readonly url: string;
}
export interface CatalogService {
  readonly id?: string;
  readonly type: string;
  readonly name?: string;
  readonly endpoints: readonly CatalogEndpoint[];
}
export type ServiceCatalog = readonly CatalogService[];

export interface EndpointQuery {
  /** Service type, e.g. `baremetal`, `compute`, `identity`. */
  readonly type: string;
  readonly interface: EndpointInterface;
  /** Required when the service has endpoints in more than one region. */
  readonly region?: string;
}

/** Thrown when the catalog has no (or no single) endpoint for a query; says what the catalog does have. */
export class EndpointNotFoundError extends Error {
  override readonly name = 'EndpointNotFoundError';
}

/** The URL of the one endpoint matching type, interface and region, without a trailing slash. */
export function selectEndpoint(catalog: ServiceCatalog, query: EndpointQuery): string {
  const services = catalog.filter((service) => service.type === query.type);
  if (services.length === 0) {
    const types = [...new Set(catalog.map((service) => service.type))].sort();
    throw new EndpointNotFoundError(
      `the service catalog has no "${query.type}" service (it has: ${types.join(', ') || 'nothing; is the token scoped?'})`,
    );
  }
  const endpoints = services.flatMap((service) => service.endpoints);
  const regionOf = (endpoint: CatalogEndpoint): string | undefined =>
    endpoint.region_id ?? endpoint.region ?? undefined;
  const matching = endpoints.filter(
    (endpoint) =>
      endpoint.interface === query.interface && (query.region === undefined || regionOf(endpoint) === query.region),
  );
  const urls = [...new Set(matching.map((endpoint) => endpoint.url.replace(/\/+$/, '')))];
  if (urls.length === 1) return urls[0]!;
  const available = endpoints.map((endpoint) => `${endpoint.interface}@${regionOf(endpoint) ?? '(no region)'}`);
  const wanted = `interface "${query.interface}"${query.region ? ` in region "${query.region}"` : ''}`;
  if (urls.length === 0) {
    throw new EndpointNotFoundError(
      `no "${query.type}" endpoint with ${wanted} (available: ${[...new Set(available)].join(', ')})`,
    );
  }
  throw new EndpointNotFoundError(
    `${urls.length} "${query.type}" endpoints match ${wanted}; set the region (OS_REGION_NAME or region_name)`,
  );
}
