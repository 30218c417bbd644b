export interface LimitedFetchOptions {
  /**
   * Requests that jump the queue: those on a sequential chain (marker pagination), which sets the wall time,
   * ahead of those that can be fetched in any order (offset pages).
   */
  readonly urgent?: (url: string) => boolean;
  /**
   * Slots the urgent requests leave to the others while any of those wait, so that their work (parsing what they
   * bring) is spread over the run rather than piled up after the chains. @default 0
   */
  readonly reserved?: number;
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
  let urgentActive = 0;
  /** Slots urgent requests have just freed, kept for the next one (a chain's next page) until the next turn. */
  let held = 0;
  const urgentLimit = concurrency - (options.reserved ?? 0);
  const urgent: (() => void)[] = [];
  const normal: (() => void)[] = [];
  const acquire = async (isUrgent: boolean): Promise<void> => {
    if (isUrgent && held > 0 && urgentActive < urgentLimit) {
      held--;
      urgentActive++;
      return;
    }
    if (active < concurrency) {
      active++;
      if (isUrgent) urgentActive++;
      return;
    }
    const queue = isUrgent ? urgent : normal;
    await new Promise<void>((resolve) => queue.push(resolve));
  };
  /** Gives the slot to the next waiting request; whether there was one. */
  const handOver = (): boolean => {
    const urgentFirst = urgent.length > 0 && (normal.length === 0 || urgentActive < urgentLimit);
    const next = urgentFirst ? urgent.shift() : normal.shift();
    if (urgentFirst) urgentActive++;
    if (next) next();
    else active--;
    return next !== undefined;
  };
  // A chain asks for its next page as soon as it has read this one (the same turn of the event loop): its slot is held
  // for the next urgent request until the next turn, rather than going to the queue of requests that can wait, and
  // that request takes it at once. Queued behind the turn instead, it waited for every other I/O callback of the turn
  // first (about 5 ms a page at concurrency 8: what the rest of the turn had to parse). Only within the urgent
  // requests' share (`reserved`), and only while no other urgent request waits: that one gets the slot at the next
  // turn, so chains take turns. Whether the caller should let the request handed the slot go first: only a request
  // that can wait defers its own work so.
  const release = (wasUrgent: boolean): boolean => {
    if (!wasUrgent) return handOver();
    urgentActive--;
    if (normal.length === 0) {
      handOver();
      return false;
    }
    if (urgent.length > 0 || urgentActive >= urgentLimit) {
      setImmediate(handOver);
      return false;
    }
    held++;
    setImmediate(() => {
      if (held === 0) return;
      held--;
      handOver();
    });
    return false;
  };
  return (inner) =>
    (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = input instanceof Request ? input.url : String(input);
      const isUrgent = options.urgent?.(url) ?? false;
      await acquire(isUrgent);
      let res: Response;
      try {
        res = await inner(input, init);
      } catch (error) {
        release(isUrgent);
        throw error;
      }
      return releasedOnRead(res, () => release(isUrgent));
    }) as typeof fetch;
}

const BODY_READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;
/** Long enough for a request handed a slot to be written: fetch (undici) writes it on the turn after it is called. */
export const requestSent = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * The response itself (no copy of its body: a resync reads tens of megabytes), calling `release` once when its body
 * has been read (or failed to), or when its body stream is taken (a stream's reader or a redirect's cancel). When the
 * slot went to a waiting request (`release` says so), the body reaches the caller once that request has been sent:
 * the caller's work on the body (parsing a page of JSON) then overlaps that request's wait instead of delaying it.
 */
function releasedOnRead(res: Response, release: () => boolean): Response {
  let released = false;
  const once = () => {
    if (released) return false;
    released = true;
    return release();
  };
  const readers = res as unknown as Record<string, (() => Promise<unknown>) | undefined>;
  for (const reader of BODY_READERS) {
    const read = readers[reader]?.bind(res);
    if (read) {
      Object.defineProperty(res, reader, {
        value: async () => {
          try {
            return await read();
          } finally {
            if (once()) await requestSent();
          }
        },
      });
    }
  }
  const body = Object.getOwnPropertyDescriptor(Response.prototype, 'body')!.get!;
  Object.defineProperty(res, 'body', {
    get: () => {
      once();
      return body.call(res);
    },
  });
  return res;
}
