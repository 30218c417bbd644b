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
  const acquire = async (isUrgent: boolean): Promise<void> => {
    if (active < concurrency) {
      active++;
      return;
    }
    const queue = isUrgent ? urgent : normal;
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  const handOver = (): void => {
    const next = urgent.shift() ?? normal.shift();
    if (next) next();
    else active--;
  };
  // A chain asks for its next page as soon as it has read this one (the same turn of the event loop): its slot waits
  // for that request until the next turn, rather than going to the queue of requests that can wait.
  const release = (wasUrgent: boolean): void => {
    if (wasUrgent && normal.length > 0) setImmediate(handOver);
    else handOver();
  };
  return (inner) =>
    (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = input instanceof Request ? input.url : String(input);
      const isUrgent = options.urgent?.(url) ?? false;
      await acquire(isUrgent);
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
        release(isUrgent);
      }
    }) as typeof fetch;
}
