import type { RecordedRequest, Reply } from './scripted-server.js';

/** One injected failure: the reply (an error status, a hang or a reset) for the next `times` matching requests. */
export interface Fault {
  readonly reply: Reply;
  readonly match?: (request: RecordedRequest) => boolean;
  /** @default 1 */
  readonly times?: number;
}

/**
 * Fault injection and latency shared by the stateful fakes (Nova, Nautobot, Ironic): a fake asks `before()` first
 * and answers with the returned failure, if any, instead of touching its state.
 */
export class FaultPlan {
  private readonly pending: { fault: Fault; left: number }[] = [];
  private readonly observers: ((request: RecordedRequest) => void)[] = [];

  constructor(
    /** Added to every request, like a distant API. */
    public latencyMs = 0,
  ) {}

  add(fault: Fault): this {
    this.pending.push({ fault, left: fault.times ?? 1 });
    return this;
  }

  /** Calls `observer` as each request arrives (to count, or to change the world at a precise moment). */
  observe(observer: (request: RecordedRequest) => void): this {
    this.observers.push(observer);
    return this;
  }

  async before(request: RecordedRequest): Promise<Reply | undefined> {
    for (const observer of this.observers) observer(request);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const entry = this.pending.find((p) => p.left > 0 && (p.fault.match?.(request) ?? true));
    if (!entry) return undefined;
    entry.left--;
    return entry.fault.reply;
  }
}
