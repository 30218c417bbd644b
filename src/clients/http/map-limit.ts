/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight and returns the results in input order.
 * The first rejection stops new calls and rejects once the in-flight ones have settled, so nothing is left
 * running behind the caller's back. Callers that need every outcome (a drain report) catch inside `fn`.
 */
export async function mapLimit<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const iterator =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (items as Iterable<T>)[Symbol.iterator]();
  const results: R[] = [];
  let index = 0;
  let failed = false;
  let firstError: unknown;

  const worker = async (): Promise<void> => {
    while (!failed) {
      const next = await iterator.next();
      if (next.done) return;
      const current = index++;
      try {
        results[current] = await fn(next.value, current);
      } catch (error) {
        if (!failed) firstError = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failed) throw firstError;
  return results;
}
