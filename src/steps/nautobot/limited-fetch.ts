export interface LimitedFetchOptions {
  /**
   * Requests that jump the queue: those on a sequential chain (marker pagination), which sets the wall time,
   * ahead of those that can be fetched in any order (offset pages).
   */
  readonly urgent?: (url: string) => boolean;
}

/**
 * Wraps a client's transport (`fetch`) in one limit shared by every transport it wraps: at most `concurrency`
 * requests in flight at once, each counted until its body has been read. Wrapping every client of one step run
 * (each keeping its own transport, e.g. a cloud's private CA) makes `concurrency` a bound over all servers together.
 */
export function fetchLimiter(
  concurrency: number,
  options: LimitedFetchOptions = {},
): (inner: typeof fetch) => typeof fetch {
  let active = 0;
  const urgent: (() => void)[] = [];
  const normal: (() => void)[] = [];
  const acquire = async (url: string): Promise<void> => {
    if (active < concurrency) {
      active++;
      return;
    }
    const queue = options.urgent?.(url) ? urgent : normal;
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  const release = (): void => {
    const next = urgent.shift() ?? normal.shift();
    if (next) next();
    else active--;
  };
  return (inner) =>
    (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      await acquire(input instanceof Request ? input.url : String(input));
      try {
        const res = await inner(input, init);
        const body = await res.arrayBuffer();
        const copy = new Response(res.status === 204 || res.status === 304 ? null : body, {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
        });
        Object.defineProperty(copy, 'url', { value: res.url });
        return copy;
      } finally {
        release();
      }
    }) as typeof fetch;
}
