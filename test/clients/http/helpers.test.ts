import {
  backoffDelay,
  collect,
  HttpClient,
  HttpError,
  mapLimit,
  paginate,
  parseRetryAfter,
  toStepError,
} from '../../../src/clients/http/index.js';
import { ExitCode } from '../../../src/steps/runtime/errors.js';
import { type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

describe('retry policy', () => {
  const policy = { retries: 5, minDelayMs: 100, maxDelayMs: 1000 };

  it('grows exponentially with full jitter, capped at maxDelayMs', () => {
    expect(backoffDelay(1, policy, undefined, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(800);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, undefined, () => 0)).toBe(100);
  });

  it('jitters the first retry too, so clients that failed together do not retry together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(1, policy)));
    expect(delays.size).toBeGreaterThan(10);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(200);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffDelay(1, policy, 5000, () => 0.5)).toBe(5000);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('paginate', () => {
  let server: ScriptedServer;
  afterAll(async () => server.close());

  it('follows next links lazily, one page at a time', async () => {
    server = await startScriptedServer((req) => {
      const offset = Number(new URL(req.url, 'http://x').searchParams.get('offset') ?? 0);
      const next = offset + 2 < 5 ? `${server.url}/items?offset=${offset + 2}` : null;
      return { status: 200, body: { results: [offset, offset + 1].filter((n) => n < 5), next } };
    });
    const http = new HttpClient({ baseUrl: server.url });
    const pages = paginate<{ results: number[]; next: string | null }, number>(
      http,
      { path: '/items' },
      {
        items: (res) => res.data.results,
        next: (res) => (res.data.next ? { path: res.data.next } : undefined),
      },
    );
    const first = await pages.next();
    expect(first.value).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(await collect(pages)).toEqual([1, 2, 3, 4]);
    expect(server.requests.map((r) => r.url)).toEqual(['/items', '/items?offset=2', '/items?offset=4']);
  });
});

describe('mapLimit', () => {
  it('keeps at most `concurrency` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapLimit([30, 10, 20, 5, 1, 15], 2, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return i * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('stops starting work after a failure and rejects with the first error once in-flight work settled', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, n === 2 ? 5 : 20));
      settled++;
      if (n === 2) throw new Error('boom 2');
      return n;
    });
    await expect(run).rejects.toThrow('boom 2');
    // 1 was still running when 2 failed: it settled before mapLimit rejected, and nothing new started.
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    await expect(mapLimit([1], 0, async (n) => n)).rejects.toThrow('concurrency must be a positive integer, got 0');
  });
});

describe('toStepError', () => {
  const error = (status?: number, kind: 'http' | 'timeout' | 'network' = 'http') =>
    new HttpError({ kind, status, method: 'GET', url: 'http://x/nodes/n1' });

  it.each([
    [404, ExitCode.Precondition, 'NotFoundError'],
    [409, ExitCode.Precondition, 'PreconditionError'],
    [400, ExitCode.Precondition, 'PreconditionError'],
    [429, ExitCode.Transient, 'TransientError'],
    [503, ExitCode.Transient, 'TransientError'],
  ])('maps status %i to exit %i', (status, exitCode, name) => {
    const mapped = toStepError(error(status), 'node n1');
    expect(mapped).toMatchObject({ exitCode, name });
    expect(mapped.message).toBe(`node n1: GET http://x/nodes/n1 returned ${status}`);
  });

  it('maps timeouts and network failures to transient', () => {
    expect(toStepError(error(undefined, 'timeout'), 'x').exitCode).toBe(ExitCode.Transient);
    expect(toStepError(error(undefined, 'network'), 'x').exitCode).toBe(ExitCode.Transient);
  });

  it('rethrows programming errors untouched', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => toStepError(bug, 'x')).toThrow(bug);
  });
});
