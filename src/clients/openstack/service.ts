import { PreconditionError } from '../../steps/runtime/errors.js';
import { eachItem, type HttpClient, type HttpResponse, paginatePages, type QueryValue } from '../http/index.js';
import type { OpenStackCloud } from './cloud.js';

/**
 * Base of the per-service clients (identity, baremetal, compute...): the service's HTTP client, bound to the
 * cloud's token and endpoint, and the OpenStack listing convention.
 */
export abstract class ServiceClient {
  constructor(
    readonly cloud: OpenStackCloud,
    protected readonly http: HttpClient,
  ) {}

  /**
   * Every item of a listing, page by page (`limit`/`marker` as the first request asks, then the `next` link the
   * service returns: Ironic `next`, Keystone `links.next`, Nova/Neutron `<key>_links`).
   */
  protected list<T>(
    path: string,
    key: string,
    query: Readonly<Record<string, QueryValue>> = {},
    signal?: AbortSignal,
  ): AsyncGenerator<T, void, undefined> {
    return eachItem(this.listPages<T>(path, key, query, signal));
  }

  /** The pages of a listing (as `list` walks them), for bulk reads. */
  protected listPages<T>(
    path: string,
    key: string,
    query: Readonly<Record<string, QueryValue>> = {},
    signal?: AbortSignal,
  ): AsyncGenerator<readonly T[], void, undefined> {
    return paginatePages<Record<string, unknown>, T>(
      this.http,
      { path, query, signal },
      {
        items: (res) => res.data[key] as T[],
        next: (res) => {
          const next = nextLink(res, key);
          return next ? { path: next } : undefined;
        },
      },
    );
  }
}

function nextLink(res: HttpResponse<Record<string, unknown>>, key: string): string | undefined {
  const body = res.data;
  if (typeof body.next === 'string') return body.next;
  const links = body.links as { next?: string | null } | undefined;
  if (typeof links?.next === 'string') return links.next;
  const keyed = body[`${key}_links`] as { rel: string; href: string }[] | undefined;
  return keyed?.find((link) => link.rel === 'next')?.href;
}

/** A microversion as `[major, minor]`; throws on anything but `X.Y`. */
export function parseMicroversion(version: string): [number, number] {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`not a microversion: ${JSON.stringify(version)}`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * The microversion to use: the wanted one when the server supports it, else the server's maximum, or undefined
 * when the server's maximum is below `minimum` (the client cannot work with it).
 */
export function negotiateMicroversion(
  wanted: string,
  minimum: string,
  server: { readonly min: string; readonly max: string },
): string | undefined {
  const compare = (a: string, b: string): number => {
    const [aMajor, aMinor] = parseMicroversion(a);
    const [bMajor, bMinor] = parseMicroversion(b);
    return aMajor - bMajor || aMinor - bMinor;
  };
  const chosen = compare(wanted, server.max) <= 0 ? wanted : server.max;
  return compare(chosen, minimum) >= 0 && compare(chosen, server.min) >= 0 ? chosen : undefined;
}

export interface MicroversionDiscovery {
  /** The service's name in messages: `Ironic`, `Nova`. */
  readonly service: string;
  /** The newest microversion the client knows. */
  readonly wanted: string;
  /** Below this the client cannot work. */
  readonly minimum: string;
  /** The server's range from its version document (`GET /` of the endpoint), or undefined when it has none. */
  readonly range: (document: Record<string, unknown>) => { readonly min: string; readonly max: string } | undefined;
  /** The microversion to use when the document has no range; without it, that is a precondition failure. */
  readonly withoutRange?: string;
}

/**
 * The microversion a client of `serviceType` sends: the highest both sides support, read from the version document
 * at the endpoint's root. A server whose newest microversion is below the client's minimum is a precondition
 * failure (exit 3) naming both ranges.
 */
export async function discoverMicroversion(
  cloud: OpenStackCloud,
  serviceType: string,
  discovery: MicroversionDiscovery,
): Promise<string> {
  const http = await cloud.serviceHttp(serviceType);
  const range = discovery.range((await http.get<Record<string, unknown>>('')).data);
  const chosen = range ? negotiateMicroversion(discovery.wanted, discovery.minimum, range) : discovery.withoutRange;
  if (!chosen) {
    throw new PreconditionError(
      `${discovery.service} at ${http.baseUrl} supports microversions ${range?.min}..${range?.max}; opsflow needs at least ${discovery.minimum}`,
    );
  }
  return chosen;
}

/** `{ version, min_version }` of a version document as a range, when both are there. */
export function rangeOf(version: unknown): { min: string; max: string } | undefined {
  const v = version as { version?: unknown; min_version?: unknown } | null | undefined;
  return typeof v?.version === 'string' && typeof v.min_version === 'string'
    ? { min: v.min_version, max: v.version }
    : undefined;
}
