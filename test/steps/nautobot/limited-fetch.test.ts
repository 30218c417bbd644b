import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { fetchLimiter } from '../../../src/steps/nautobot/run/limited-fetch.js';
import { type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

let server: ScriptedServer;
let inFlight = 0;
let mostInFlight = 0;
let chainsInFlight = 0;
let mostChainsInFlight = 0;

beforeAll(async () => {
  // Chain pages answer fast, the pages that may wait slowly: a chain that had to wait for a slot would wait long.
  server = await startScriptedServer(async (request) => {
    const chain = request.url.startsWith('/chain');
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    if (chain) mostChainsInFlight = Math.max(mostChainsInFlight, ++chainsInFlight);
    await new Promise((resolve) => setTimeout(resolve, chain ? 5 : 40));
    if (chain) chainsInFlight--;
    inFlight--;
    return { status: 200, body: { url: request.url } };
  });
});
afterAll(() => server.close());

describe('fetchLimiter', () => {
  it('keeps to the limit and gives a chain its slot back for its next page, ahead of the pages that may wait', async () => {
    server.requests.length = 0;
    mostInFlight = 0;
    const limited = fetchLimiter(1, { urgent: (url) => new URL(url).pathname.startsWith('/chain') })(fetch);
    const chain = async () => {
      for (let page = 0; page < 6; page++) await (await limited(`${server.url}/chain/${page}`)).json();
    };
    const others = Promise.all(
      Array.from({ length: 12 }, async (_, n) => (await limited(`${server.url}/offset/${n}`)).json()),
    );
    await Promise.all([chain(), others]);

    expect(mostInFlight).toBe(1);
    const order = server.requests.map((r) => r.url);
    const chainAt = order.flatMap((url, index) => (url.startsWith('/chain') ? [index] : []));
    expect(chainAt).toHaveLength(6);
    // The one slot goes from each chain page to the next: no page that may wait slips in between.
    expect(chainAt.slice(1).map((at, n) => at - chainAt[n]!)).toEqual([1, 1, 1, 1, 1]);
  });

  it("hands a chain's next page the slot its last page freed at once, not after the turn's other callbacks", async () => {
    const sent: string[] = [];
    const inner = (async (input: Parameters<typeof fetch>[0]) => {
      sent.push(String(input));
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const limited = fetchLimiter(1, { urgent: (url) => url.includes('/chain/') })(inner);
    const page = await limited('http://api.test/chain/1');
    const waiting = limited('http://api.test/offset/1');
    await page.json();
    const next = limited('http://api.test/chain/2');
    // Only promise callbacks run here: no other I/O callback, and no setImmediate, of this turn.
    for (let tick = 0; tick < 10; tick++) await null;
    expect(sent).toEqual(['http://api.test/chain/1', 'http://api.test/chain/2']);
    await (await next).json();
    // The chain asks for nothing more: its slot goes to the request that waited, on the next turn.
    await (await waiting).json();
    expect(sent).toEqual(['http://api.test/chain/1', 'http://api.test/chain/2', 'http://api.test/offset/1']);
  });

  it("holds a freed slot only within the chains' share, and not past another chain's queued page", async () => {
    const sent: string[] = [];
    // Answered a timer later, as a server answers: a response is not in before the next turn of the event loop.
    const inner = (async (input: Parameters<typeof fetch>[0]) => {
      sent.push(new URL(String(input)).pathname);
      await sleep(1);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const chain = async (limited: typeof fetch, name: string, pages: number) => {
      for (let page = 0; page < pages; page++) await (await limited(`http://api.test/chain/${name}/${page}`)).json();
    };
    const urgent = (url: string) => url.includes('/chain/');

    // Two chains hold both slots before anything else asks; then pages that may wait queue: one of the two slots is
    // theirs as soon as a chain page frees it.
    const shared = fetchLimiter(2, { urgent, reserved: 1 })(inner);
    const chains = [chain(shared, 'a', 10), chain(shared, 'b', 10)];
    await null;
    const offsets = Promise.all([0, 1, 2].map(async (n) => (await shared(`http://api.test/offset/${n}`)).json()));
    await Promise.all([...chains, offsets]);
    expect(sent.indexOf('/offset/0')).toBeLessThan(6);

    // One slot, a chain on it and another chain's first page queued (with a page that may wait): the queued chain's
    // page goes before the first chain's third.
    sent.length = 0;
    const single = fetchLimiter(1, { urgent })(inner);
    const first = chain(single, 'a', 6);
    await null;
    const second = chain(single, 'b', 2);
    const other = (async () => (await single('http://api.test/offset/0')).json())();
    await Promise.all([first, second, other]);
    expect(sent.indexOf('/chain/b/0')).toBeLessThan(sent.indexOf('/chain/a/2'));
  });

  it('leaves the reserved slots to the requests that can wait while any do', async () => {
    mostChainsInFlight = 0;
    const limited = fetchLimiter(2, { urgent: (url) => new URL(url).pathname.startsWith('/chain'), reserved: 1 })(
      fetch,
    );
    const chain = async (name: string) => {
      for (let page = 0; page < 4; page++) await (await limited(`${server.url}/chain/${name}/${page}`)).json();
    };
    const offsets = Promise.all(
      Array.from({ length: 6 }, async (_, n) => (await limited(`${server.url}/offset/${n}`)).json()),
    );
    await Promise.all([chain('a'), chain('b'), offsets]);
    expect(mostChainsInFlight).toBe(1);
  });

  it('counts a request until its body is read or its stream is taken, and frees the slot on a failed request', async () => {
    const limited = fetchLimiter(1)(fetch);
    const first = await limited(`${server.url}/chain/a`);
    const second = limited(`${server.url}/chain/b`);
    const waiting = await Promise.race([second.then(() => 'answered'), sleep(80).then(() => 'waiting')]);
    expect(waiting).toBe('waiting');
    await first.body?.cancel();
    await (await second).text();
    await expect(limited('http://127.0.0.1:1/refused')).rejects.toThrow();
    expect(await (await limited(`${server.url}/chain/c`)).json()).toEqual({ url: '/chain/c' });
  });
});

/** A server in its own thread, answering every request after `delayMs`, while the test's thread is busy. */
async function startDelayedServer(delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const worker = new Worker(
    `const { createServer } = require('node:http');
     const { parentPort } = require('node:worker_threads');
     const server = createServer((req, res) => setTimeout(() => res.end(req.url), ${delayMs}));
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
     parentPort.on('message', () => { server.closeAllConnections(); server.close(() => parentPort.close()); });`,
    { eval: true },
  );
  const [port] = (await once(worker, 'message')) as [number];
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

describe('fetchLimiter and the work on a body', () => {
  it('sends the request waiting for a slot before the body that freed it reaches its caller', async () => {
    const delayed = await startDelayedServer(150);
    try {
      const limited = fetchLimiter(1)(fetch);
      const first = limited(`${delayed.url}/first`);
      const second = limited(`${delayed.url}/second`);
      expect(await (await first).text()).toBe('/first');
      const readAt = performance.now();
      // The caller's work on the first body (parsing a page) keeps this thread busy for longer than a request
      // takes: the second request, sent before it, is answered meanwhile.
      while (performance.now() - readAt < 200);
      expect(await (await second).text()).toBe('/second');
      // Sent after that work it would take 200 + 150 ms.
      expect(performance.now() - readAt).toBeLessThan(300);
    } finally {
      await delayed.close();
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
