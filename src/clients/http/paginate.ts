import type { HttpClient, HttpResponse, RequestOptions } from './client.js';
import { HttpError } from './http-error.js';
import { redactUrl } from './redact.js';

export interface PageWalker<Page, Item> {
  /** The items of one page. */
  items(response: HttpResponse<Page>): readonly Item[];
  /** The request for the next page, or undefined after the last one (limit/marker, `next` links, offsets...). */
  next(response: HttpResponse<Page>, request: RequestOptions): RequestOptions | undefined;
}

/**
 * Every item of a paginated listing, fetching a page only when the previous one has been consumed. The first
 * request's `signal` goes with every page's request.
 */
export function paginate<Page, Item>(
  http: HttpClient,
  first: RequestOptions,
  walker: PageWalker<Page, Item>,
): AsyncGenerator<Item, void, undefined> {
  return eachItem(paginatePages(http, first, walker));
}

/**
 * Every page of a paginated listing (its items), as `paginate` walks them. For bulk reads: one step of async
 * iteration per page rather than per item (for tens of thousands of items, that machinery costs more than the
 * pages' JSON).
 */
export async function* paginatePages<Page, Item>(
  http: HttpClient,
  first: RequestOptions,
  walker: PageWalker<Page, Item>,
): AsyncGenerator<readonly Item[], void, undefined> {
  let request: RequestOptions | undefined = first;
  while (request) {
    const response: HttpResponse<Page> = await http.request<Page>(request);
    yield pageItems(response, walker.items, request.method);
    const next: RequestOptions | undefined = walker.next(response, request);
    request = next && first.signal ? { ...next, signal: first.signal } : next;
  }
}

/** The items of a listing's pages, one by one. */
export async function* eachItem<T>(pages: AsyncIterable<readonly T[]>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page;
}

/**
 * The items of one page of a listing. A page that is not one (a proxy's HTML page, `{}`) is an `invalid-response`
 * HttpError, never an empty or last page: callers act on what a listing lacks (resync decommissions).
 */
export function pageItems<Page, Item>(
  response: HttpResponse<Page>,
  items: (response: HttpResponse<Page>) => readonly Item[],
  method = 'GET',
): readonly Item[] {
  const found: unknown = response.data !== null && typeof response.data === 'object' ? items(response) : undefined;
  if (Array.isArray(found)) return found;
  throw new HttpError({
    kind: 'invalid-response',
    method,
    url: redactUrl(response.url),
    status: response.status,
    detail: 'not a page of the listing',
  });
}

/** Collects an async iterable (a whole listing) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export type SortDirection = 'asc' | 'desc';

/**
 * A marker-paginated listing (its pages) read from both ends at once: one walk in ascending order, one in
 * descending order (the same sort key, so one is the other reversed), until they meet. A marker chain is strictly
 * sequential, so this halves the longest chain of dependent requests. The descending walk starts once the ascending
 * one has read a full first page (`pageSize` items), so a listing of one page costs one request. The result is in
 * ascending order, each item once. When the walks meet, the other walk's request in flight is aborted (through the
 * signal it was given) and its outcome ignored. Correct for a listing that does not change meanwhile, as any paged
 * listing; a walk that reaches the end of the listing without meeting the other has read every item itself.
 */
export async function collectFromBothEnds<T>(
  listing: (direction: SortDirection, signal: AbortSignal) => AsyncIterable<readonly T[]>,
  key: (item: T) => string,
  pageSize: number,
): Promise<T[]>;
/** As above, each item mapped by `select` as its page arrives: that work overlaps the walks' waits. */
export async function collectFromBothEnds<T, R>(
  listing: (direction: SortDirection, signal: AbortSignal) => AsyncIterable<readonly T[]>,
  key: (item: T) => string,
  pageSize: number,
  select: (item: T) => R,
): Promise<R[]>;
export async function collectFromBothEnds<T, R>(
  listing: (direction: SortDirection, signal: AbortSignal) => AsyncIterable<readonly T[]>,
  key: (item: T) => string,
  pageSize: number,
  select?: (item: T) => R,
): Promise<(T | R)[]> {
  const kept = (page: readonly T[]): readonly (T | R)[] => (select ? page.map(select) : page);
  const met = new AbortController();
  // Each walk's pages, and the key of the last item it read: the items read from the other end start there, so a
  // page meets them at that one item (a comparison per item, not a lookup among tens of thousands).
  const walked = {
    asc: { pages: [] as (readonly (T | R)[])[], items: 0, last: undefined as string | undefined, whole: false },
    desc: { pages: [] as (readonly (T | R)[])[], items: 0, last: undefined as string | undefined, whole: false },
  };
  let startDescending!: () => void;
  const firstPageRead = new Promise<boolean>((resolve) => {
    startDescending = () => resolve(true);
    met.signal.addEventListener('abort', () => resolve(false));
  });
  const walk = async (direction: SortDirection): Promise<void> => {
    if (direction === 'desc' && !(await firstPageRead)) return;
    const mine = walked[direction];
    const theirs = walked[direction === 'asc' ? 'desc' : 'asc'];
    try {
      for await (const page of listing(direction, met.signal)) {
        if (met.signal.aborted) return;
        const meeting = theirs.last === undefined ? -1 : page.findIndex((item) => key(item) === theirs.last);
        if (meeting >= 0) {
          mine.pages.push(kept(page.slice(0, meeting)));
          met.abort();
          return;
        }
        mine.pages.push(kept(page));
        mine.items += page.length;
        if (page.length > 0) mine.last = key(page[page.length - 1]!);
        if (direction === 'asc' && mine.items >= pageSize) startDescending();
      }
    } catch (error) {
      if (met.signal.aborted) return;
      throw error;
    }
    mine.whole = true;
    met.abort();
  };
  const walks = [walk('asc'), walk('desc')];
  try {
    await Promise.all(walks);
  } finally {
    // On a failure, stop the other walk too and wait for it, so no request outlives the call.
    met.abort();
    await Promise.allSettled(walks);
  }
  const { asc, desc } = walked;
  const descending = desc.pages.flat().reverse();
  if (asc.whole) return asc.pages.flat();
  if (desc.whole) return descending;
  return [...asc.pages.flat(), ...descending];
}
