import { shorten } from '../../common/shorten.js';
import { PreconditionError } from '../../steps/runtime/errors.js';
import type { StepContext } from '../../steps/runtime/step.js';
import {
  HttpClient,
  type HttpClientOptions,
  HttpError,
  type HttpResponse,
  mapLimit,
  pageItems,
  paginate,
  type QueryValue,
  redactUrl,
} from '../http/index.js';
import type { Page } from './models.js';

export interface NautobotClientOptions {
  /** Nautobot's address, e.g. `https://nautobot.example.com` (a trailing `/api` is accepted). */
  readonly url: string;
  readonly token: string;
  /** Sent as `Accept: application/json; version=<apiVersion>`. @default '2.4' */
  readonly apiVersion?: string;
  /** Objects per page of a listing. @default 1000 (Nautobot's default MAX_PAGE_SIZE) */
  readonly pageSize?: number;
  /** Objects per bulk write. @default 500 */
  readonly bulkSize?: number;
  /** Requests in flight for parallel pages and bulk chunks. @default 4 */
  readonly concurrency?: number;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly retry?: HttpClientOptions['retry'];
  readonly onRetry?: HttpClientOptions['onRetry'];
  /** Called when a repeated bulk create met its own earlier write (its first answer was lost) and carried on. */
  readonly onEarlierWrite?: (info: { method: string; endpoint: string; objects: number }) => void;
  readonly signal?: AbortSignal;
}

export type Query = Readonly<Record<string, QueryValue>>;

/** A whole listing read through Nautobot's GraphQL API (`POST /api/graphql/`), which selects fields; REST cannot. */
export interface GraphQLListing {
  /** The list query, e.g. `devices`, `interfaces`. */
  readonly list: string;
  /** The selection of each object, e.g. `id name status { id } cf_ironic_provision_state`. */
  readonly fields: string;
  /** The REST list endpoint of the same objects, which counts them: a GraphQL list returns no count. */
  readonly countFrom: string;
}

/**
 * A GraphQL answer with `errors`: a query Nautobot refused (400: syntax, an unknown field such as a missing custom
 * field) or could not resolve (200 with `errors`), named with the server's messages.
 */
export class NautobotGraphQLError extends PreconditionError {
  constructor(
    message: string,
    /** The answer's `errors` (or its whole body when it has none). */
    readonly errors: unknown,
  ) {
    super(message);
  }
}

/** Nautobot's 400 answer, per field (and, for a bulk write, per object), turned into one readable error. */
export class NautobotValidationError extends PreconditionError {
  constructor(
    message: string,
    /** The response body: `{ field: [messages] }`, or a list of those for a bulk write. */
    readonly errors: unknown,
  ) {
    super(message);
  }
}

/**
 * Nautobot 2.x REST client on the HTTP core: token auth, API versioning, `count/next/previous/results` listings
 * as async iterators (or fetched in parallel by offset), bulk create/update/delete on list endpoints, and whole
 * listings of selected fields through the GraphQL API (`queryAll`).
 */
export class NautobotClient {
  readonly http: HttpClient;
  readonly pageSize: number;
  readonly bulkSize: number;
  readonly concurrency: number;
  private readonly onEarlierWrite: NautobotClientOptions['onEarlierWrite'];

  constructor(options: NautobotClientOptions) {
    this.onEarlierWrite = options.onEarlierWrite;
    const base = options.url.replace(/\/+$/, '').replace(/\/api$/, '');
    this.pageSize = options.pageSize ?? 1000;
    this.bulkSize = options.bulkSize ?? 500;
    this.concurrency = options.concurrency ?? 4;
    this.http = new HttpClient({
      baseUrl: `${base}/api/`,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      onRetry: options.onRetry,
      signal: options.signal,
      headers: {
        authorization: `Token ${options.token}`,
        accept: `application/json; version=${options.apiVersion ?? '2.4'}`,
      },
    });
  }

  /**
   * From the step environment: `NAUTOBOT_URL`, and the token in `NAUTOBOT_TOKEN` or the file `NAUTOBOT_TOKEN_FILE`.
   * A missing or invalid one is a precondition failure (exit 3), like a missing OpenStack cloud: the deployment is
   * wrong, not the step's input.
   */
  static async fromContext(
    ctx: StepContext,
    options: Partial<Omit<NautobotClientOptions, 'url' | 'token'>> = {},
  ): Promise<NautobotClient> {
    const url = ctx.env.NAUTOBOT_URL;
    if (!url || !/^https?:\/\//.test(url)) {
      throw new PreconditionError(`NAUTOBOT_URL must be the http(s) address of Nautobot, got ${JSON.stringify(url)}`);
    }
    const token = await ctx.secret('NAUTOBOT_TOKEN');
    if (!token) throw new PreconditionError('no Nautobot token: set NAUTOBOT_TOKEN or NAUTOBOT_TOKEN_FILE');
    return new NautobotClient({
      url,
      token,
      onRetry: (info) => ctx.log.warn('nautobot-retry', { ...info }),
      onEarlierWrite: (info) => ctx.log.warn('earlier-write-recognised', { ...info }),
      signal: ctx.signal,
      ...options,
    });
  }

  /** Every object of a listing, one page at a time, following `next` links. */
  list<T>(endpoint: string, query: Query = {}): AsyncGenerator<T, void, undefined> {
    return paginate<Page<T>, T>(
      this.http,
      { path: endpoint, query: { limit: this.pageSize, ...query } },
      {
        items: (res) => res.data.results,
        next: (res) => (res.data.next ? { path: res.data.next } : undefined),
      },
    );
  }

  /**
   * Every object of a listing, the pages after the first fetched in parallel by offset (the first page's `count`
   * says how many there are). For bulk reads where latency, not size, is the cost. `select` keeps only what the
   * caller reads of each object as its page arrives, so a listing of thousands does not hold every page whole.
   */
  async listAll<T>(endpoint: string, query?: Query): Promise<T[]>;
  async listAll<T, R>(endpoint: string, query: Query, select: (item: T) => R): Promise<R[]>;
  async listAll<T, R>(endpoint: string, query: Query = {}, select?: (item: T) => R): Promise<(T | R)[]> {
    const itemsOf = (page: HttpResponse<Page<T>>): readonly (T | R)[] => {
      const items = pageItems(page, (res) => res.data.results);
      return select ? items.map(select) : items;
    };
    const first = await this.http.get<Page<T>>(endpoint, { query: { limit: this.pageSize, ...query, offset: 0 } });
    const results = itemsOf(first);
    const { count, next } = first.data;
    if (!next || results.length === 0) return [...results];
    // The server may cap the page size below ours (MAX_PAGE_SIZE): step by what it actually returned.
    const step = results.length;
    return this.withPagesAfter(results, step, count, async (offset) =>
      itemsOf(await this.http.get<Page<T>>(endpoint, { query: { ...query, limit: step, offset } })),
    );
  }

  /**
   * Every object of a GraphQL list query with only `fields` of each, in pages of `pageSize` by `limit`/`offset`
   * fetched in parallel (like `listAll`). A GraphQL list has no count: the REST endpoint's `?limit=1` gives it, asked
   * alongside the first page. Same order as REST (nautobot/core/graphql/generators.py `generate_list_resolver` at
   * v2.4.9: the model's ordering, then `qs[offset:][:limit]`). `select` maps each object as its page arrives.
   */
  async queryAll<T>(listing: GraphQLListing): Promise<T[]>;
  async queryAll<T, R>(listing: GraphQLListing, select: (item: T) => R): Promise<R[]>;
  async queryAll<T, R>(listing: GraphQLListing, select?: (item: T) => R): Promise<(T | R)[]> {
    const query = `query ($limit: Int, $offset: Int) { ${listing.list}(limit: $limit, offset: $offset) { ${listing.fields} } }`;
    const limit = this.pageSize;
    const page = async (offset: number): Promise<readonly (T | R)[]> => {
      const what = `query ${listing.list} (limit ${limit}, offset ${offset})`;
      const res = await this.graphql<Record<string, unknown>>(query, { limit, offset }, what);
      // pageItems checks that the answer is a list: anything else is an invalid-response, never an empty page.
      const items = pageItems(res, (r) => r.data.data?.[listing.list] as readonly T[], 'POST');
      return select ? items.map(select) : items;
    };
    const [count, first] = await Promise.all([
      // The one object counted comes without its many-to-many fields (Nautobot >= 2.4): the cheapest page there is.
      this.http
        .get<Page<unknown>>(listing.countFrom, { query: { limit: 1, exclude_m2m: true } })
        .then((res) => countOf(res)),
      page(0),
    ]);
    return this.withPagesAfter(first, limit, count, page);
  }

  /** `first`, then the pages of `step` objects at the offsets after it up to `count`, fetched in parallel. */
  private async withPagesAfter<I>(
    first: readonly I[],
    step: number,
    count: number,
    page: (offset: number) => Promise<readonly I[]>,
  ): Promise<I[]> {
    const offsets: number[] = [];
    for (let offset = step; offset < count; offset += step) offsets.push(offset);
    const pages = await mapLimit(offsets, this.concurrency, page);
    return [...first, ...pages.flat()];
  }

  /**
   * One GraphQL query, on the same HTTP core as REST (token, retries: a query only reads, so it is repeatable).
   * Nautobot answers a query it cannot run with 400 and `errors`, and one whose resolvers failed with 200, `errors`
   * and partial `data` (nautobot/core/api/views.py `GraphQLDRFAPIView` at v2.4.9): both are an error naming `what`.
   */
  private async graphql<D>(
    query: string,
    variables: Record<string, unknown>,
    what: string,
  ): Promise<HttpResponse<{ data?: D; errors?: unknown }>> {
    const res = await this.http.post<{ data?: D; errors?: unknown }>('graphql/', {
      json: { query, variables },
      idempotent: true,
      expect: [400],
    });
    const errors = res.data?.errors;
    if (res.status === 400 || (Array.isArray(errors) && errors.length > 0)) {
      const messages = Array.isArray(errors)
        ? errors.map((e) => String((e as { message?: unknown })?.message ?? JSON.stringify(e)))
        : [shorten(JSON.stringify(res.data) ?? '', 500)];
      throw new NautobotGraphQLError(
        `Nautobot's GraphQL API refused ${what}: ${messages.join('; ')}`,
        errors ?? res.data,
      );
    }
    return res;
  }

  /** One object by id, or undefined when Nautobot has none. */
  async get<T>(endpoint: string, id: string, query: Query = {}): Promise<T | undefined> {
    const res = await this.http.get<T>(`${endpoint}${encodeURIComponent(id)}/`, { query, expect: [404] });
    return res.status === 404 ? undefined : res.data;
  }

  /**
   * Bulk create: POSTs the objects as lists of at most `bulkSize`. Objects that carry their own `id` are safe to
   * send again after a lost answer (a repeat is refused, not duplicated), so those requests are retried, and a
   * repeat refused only because every id already exists is recognised as the earlier write of the same objects
   * (a bulk write is atomic: all of a chunk was created, or none): when Nautobot holds each id with the fields sent,
   * those objects are the answer; anything else stays a validation error.
   */
  async create<T>(endpoint: string, objects: readonly object[]): Promise<T[]> {
    const idempotent = objects.every((o) => typeof (o as { id?: unknown }).id === 'string');
    return this.bulk<T>(
      'POST',
      endpoint,
      objects,
      idempotent,
      idempotent ? (chunk, res) => this.earlierWrite<T>(endpoint, chunk, res) : undefined,
    );
  }

  /** The objects of `chunk` as Nautobot holds them, when its refusal `res` is only that each id exists already. */
  private async earlierWrite<T>(
    endpoint: string,
    chunk: readonly Record<string, unknown>[],
    res: HttpResponse<unknown>,
  ): Promise<T[] | undefined> {
    const perObject = Array.isArray(res.data) ? res.data : [res.data];
    const onlyExisting = perObject.every(
      (errors) =>
        typeof errors === 'object' &&
        errors !== null &&
        Object.keys(errors).length === 1 &&
        Array.isArray((errors as { id?: unknown }).id) &&
        (errors as { id: unknown[] }).id.every((m) => typeof m === 'string' && / already exists\.?$/.test(m)),
    );
    if (!onlyExisting || perObject.length !== chunk.length) return undefined;
    const ids = chunk.map((o) => o.id as string);
    const stored = new Map(
      (await this.listAll<Record<string, unknown>>(endpoint, { id: ids })).map((o) => [o.id as string, o]),
    );
    const same = chunk.every((sent) => sameAsSent(sent, stored.get(sent.id as string)));
    return same ? (ids.map((id) => stored.get(id)) as T[]) : undefined;
  }

  /** Bulk update: PATCHes lists of `{ id, ...changed fields }` to the list endpoint. */
  async update<T, Patch extends { readonly id: string } = { readonly id: string }>(
    endpoint: string,
    patches: readonly Patch[],
  ): Promise<T[]> {
    return this.bulk<T>('PATCH', endpoint, patches, true);
  }

  /** Bulk delete: DELETEs lists of `{ id }` on the list endpoint. */
  async delete(endpoint: string, ids: readonly string[]): Promise<void> {
    await this.bulk(
      'DELETE',
      endpoint,
      ids.map((id) => ({ id })),
      true,
    );
  }

  private async bulk<T>(
    method: 'POST' | 'PATCH' | 'DELETE',
    endpoint: string,
    objects: readonly object[],
    idempotent: boolean,
    /** Answers a chunk's 400 with the objects it was refused for, when they are what was sent. */
    recognise?: (chunk: Record<string, unknown>[], res: HttpResponse<unknown>) => Promise<T[] | undefined>,
  ): Promise<T[]> {
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < objects.length; i += this.bulkSize)
      chunks.push(objects.slice(i, i + this.bulkSize) as Record<string, unknown>[]);
    const results = await mapLimit(chunks, this.concurrency, async (chunk) => {
      const res = await this.http.request<T[] | unknown>({
        method,
        path: endpoint,
        json: chunk,
        idempotent,
        expect: [400],
      });
      if (res.status === 400) {
        const earlier = await recognise?.(chunk, res);
        if (earlier) {
          this.onEarlierWrite?.({ method, endpoint, objects: chunk.length });
          return earlier;
        }
        throw validationError(method, endpoint, chunk, res);
      }
      return Array.isArray(res.data) ? (res.data as T[]) : [];
    });
    return results.flat();
  }
}

/** A REST page's `count`; a page without one (a proxy's answer) is an `invalid-response`, never a count of 0. */
function countOf(res: HttpResponse<Page<unknown>>): number {
  pageItems(res, (r) => r.data.results);
  if (Number.isInteger(res.data.count)) return res.data.count;
  throw new HttpError({
    kind: 'invalid-response',
    method: 'GET',
    url: redactUrl(res.url),
    status: res.status,
    detail: 'a page of the listing without its count',
  });
}

/**
 * Whether Nautobot's object `stored` holds what `sent` wrote: every plain field sent is there with that value, custom
 * fields compared one by one. A reference is rendered as `{ id, object_type, url }`: one sent as a UUID must be that
 * id; one sent by name or natural key (`"Active"`, `{ "name": "server" }`) cannot be compared without resolving it
 * and is left out (the plain fields, the name and the id already tell the object apart).
 */
function sameAsSent(sent: Record<string, unknown>, stored: Record<string, unknown> | undefined): boolean {
  return stored !== undefined && Object.entries(sent).every(([key, value]) => sameValue(value, stored[key]));
}

function sameValue(sent: unknown, stored: unknown): boolean {
  if (stored !== null && typeof stored === 'object' && 'id' in stored && 'object_type' in stored) {
    return !(typeof sent === 'string' && UUID.test(sent)) || (stored as { id: unknown }).id === sent;
  }
  if (sent !== null && typeof sent === 'object' && !Array.isArray(sent)) {
    return (
      stored !== null &&
      typeof stored === 'object' &&
      sameAsSent(sent as Record<string, unknown>, stored as Record<string, unknown>)
    );
  }
  return JSON.stringify(sent) === JSON.stringify(stored);
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `POST dcim/devices/ refused: node-7 (id 1f…): serial: Ensure this field … (got "…")`, one line per object. */
function validationError(
  method: string,
  endpoint: string,
  sent: readonly Record<string, unknown>[],
  res: HttpResponse<unknown>,
): NautobotValidationError {
  const perObject = Array.isArray(res.data) ? res.data : [res.data];
  const lines: string[] = [];
  perObject.forEach((errors, index) => {
    if (typeof errors !== 'object' || errors === null) {
      if (errors !== undefined) lines.push(`  ${String(errors)}`);
      return;
    }
    const object = sent[index] ?? {};
    for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
      const text = Array.isArray(messages) ? messages.join(' ') : JSON.stringify(messages);
      const value = field in object ? ` (${shown(object[field])})` : '';
      lines.push(`  ${labelOf(object, index)}: ${field}: ${text}${value}`);
    }
  });
  if (lines.length === 0) lines.push(`  ${shorten(JSON.stringify(res.data) ?? '', 500)}`);
  return new NautobotValidationError(`Nautobot refused ${method} ${endpoint}:\n${lines.join('\n')}`, res.data);
}

function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  return `got ${shorten(json, 120)}`;
}

function labelOf(object: Record<string, unknown>, index: number): string {
  const name = typeof object.name === 'string' ? object.name : undefined;
  const id = typeof object.id === 'string' ? object.id : undefined;
  if (name && id) return `${name} (id ${id})`;
  return name ?? (id ? `id ${id}` : `object ${index}`);
}
