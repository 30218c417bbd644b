/**
 * A `fetch` that lets at most `concurrency` requests be in flight at once, counting each until its body has been
 * read. Handed to every client of one step run, it makes `concurrency` a bound over all servers together.
 */
export function limitedFetch(concurrency: number, inner: typeof fetch = globalThis.fetch): typeof fetch {
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (active < concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    await acquire();
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
