import type { RecordedRequest, Reply } from './scripted-server.js';

/** One injected failure: the reply (an error status, a hang or a reset) for the next `times` matching requests. */
export interface Fault {
  readonly reply: Reply;
  readonly match?: (request: RecordedRequest) => boolean;
  /** @default 1 */
  readonly times?: number;
  /**
   * The fake carries the request out (its state changes) and then gives `reply` instead of the answer: a reset or a
   * hang is an answer lost after the change, which the client cannot tell from one lost before it.
   * @default false: the failure comes before the request touches anything
   */
  readonly applied?: boolean;
}

/**
 * Fault injection and latency shared by the stateful fakes (Nova, Nautobot, Ironic): a fake serves each request
 * through `serve()`, which answers with a pending failure instead of touching its state, or, for a fault marked
 * `applied`, changes the state and then loses the answer.
 */
export class FaultPlan {
  private readonly pending: { fault: Fault; left: number }[] = [];
  private readonly observers: ((request: RecordedRequest) => void)[] = [];
  private readonly delays: { readonly match: (request: RecordedRequest) => boolean; readonly ms: number }[] = [];

  constructor(
    /** Added to every request, like a distant API. */
    public latencyMs = 0,
  ) {}

  add(fault: Fault): this {
    this.pending.push({ fault, left: fault.times ?? 1 });
    return this;
  }

  /** Answers the requests that `match` `ms` later than the others (a slow bulk write), however many times. */
  slow(match: (request: RecordedRequest) => boolean, ms: number): this {
    this.delays.push({ match, ms });
    return this;
  }

  /** Calls `observer` as each request arrives (to count, or to change the world at a precise moment). */
  observe(observer: (request: RecordedRequest) => void): this {
    this.observers.push(observer);
    return this;
  }

  /** A failure to give before the request touches the fake's state, if one is pending. */
  async before(request: RecordedRequest): Promise<Reply | undefined> {
    for (const observer of this.observers) observer(request);
    const waitMs = this.delays.reduce((sum, d) => (d.match(request) ? sum + d.ms : sum), this.latencyMs);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return this.take(request, false);
  }

  /** The reply to `request`: a pending failure, else `handle`'s answer, replaced by an `applied` fault's reply. */
  async serve(request: RecordedRequest, handle: (request: RecordedRequest) => Reply | Promise<Reply>): Promise<Reply> {
    const early = await this.before(request);
    if (early) return early;
    const answer = await handle(request);
    return this.take(request, true) ?? answer;
  }

  private take(request: RecordedRequest, applied: boolean): Reply | undefined {
    const entry = this.pending.find(
      (p) => p.left > 0 && (p.fault.applied ?? false) === applied && (p.fault.match?.(request) ?? true),
    );
    if (!entry) return undefined;
    entry.left--;
    return entry.fault.reply;
  }
}
