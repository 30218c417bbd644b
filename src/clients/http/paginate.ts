import type { HttpClient, HttpResponse, RequestOptions } from './client.js';

export interface PageWalker<Page, Item> {
  /** The items of one page. */
  items(response: HttpResponse<Page>): readonly Item[];
  /** The request for the next page, or undefined after the last one (limit/marker, `next` links, offsets...). */
  next(response: HttpResponse<Page>, request: RequestOptions): RequestOptions | undefined;
}

/** Every item of a paginated listing, fetching a page only when the previous one has been consumed. */
export async function* paginate<Page, Item>(
  http: HttpClient,
  first: RequestOptions,
  walker: PageWalker<Page, Item>,
): AsyncGenerator<Item, void, undefined> {
  let request: RequestOptions | undefined = first;
  while (request) {
    const response: HttpResponse<Page> = await http.request<Page>(request);
    yield* walker.items(response);
    request = walker.next(response, request);
  }
}

/** Collects an async iterable (a whole listing) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
