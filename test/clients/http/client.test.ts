import { HttpClient, HttpError, type RetryInfo } from '../../../src/clients/http/index.js';
import { type Reply, type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

const fastRetry = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };
let server: ScriptedServer;

afterEach(async () => server?.close());

async function serve(replies: Reply[]): Promise<ScriptedServer> {
  await server?.close();
  server = await startScriptedServer((_req, i) => replies[Math.min(i, replies.length - 1)]!);
  return server;
}

describe('HttpClient', () => {
  it('sends JSON with query parameters and parses the JSON answer', async () => {
    await serve([{ status: 201, body: { id: 'n1' } }]);
    const http = new HttpClient({ baseUrl: `${server.url}/v1`, headers: { 'X-Test': 'yes' } });
    const res = await http.post<{ id: string }>('nodes', {
      json: { name: 'n1' },
      query: { limit: 2, tag: ['a', 'b'], skip: undefined },
    });
    expect(res.data).toEqual({ id: 'n1' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/v1/nodes?limit=2&tag=a&tag=b',
      body: '{"name":"n1"}',
    });
    expect(server.requests[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'x-test': 'yes' });
  });

  it('does not sit out a Retry-After longer than maxRetryAfterMs: fails at once (exit 75 for the template to retry)', async () => {
    await serve([
      { status: 503, headers: { 'retry-after': '3600' } },
      { status: 200, body: { ok: true } },
    ]);
    const http = new HttpClient({ baseUrl: server.url, retry: { ...fastRetry, maxRetryAfterMs: 1000 } });
    const started = Date.now();
    const error = await http.get('slow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 3_600_000, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries 503 and 429 on idempotent requests, waiting at least Retry-After', async () => {
    await serve([
      { status: 503 },
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: { ok: true } },
    ]);
    const retries: RetryInfo[] = [];
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry, onRetry: (info) => retries.push(info) });
    const started = Date.now();
    const res = await http.get('/thing');
    expect(res.data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(['status 503', 'status 429']);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('does not retry a POST unless it is marked idempotent', async () => {
    await serve([{ status: 503 }, { status: 503 }, { status: 200, body: {} }]);
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry });
    await expect(http.post('/actions', { json: {} })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    await http.post('/actions', { json: {}, idempotent: true });
    expect(server.requests).toHaveLength(3);
  });

  it('retries a POST refused with 429 (nothing was done), waiting at least Retry-After', async () => {
    await serve([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: { ok: true } },
    ]);
    const retries: RetryInfo[] = [];
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry, onRetry: (info) => retries.push(info) });
    await expect(http.post('/messages', { json: {} })).resolves.toMatchObject({ data: { ok: true } });
    expect(server.requests).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(['status 429']);
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('shows only the origin of a secret URL (a webhook) in errors and retry logs', async () => {
    await serve([{ status: 503 }, { status: 404, body: 'no_service' }]);
    const retries: RetryInfo[] = [];
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry, onRetry: (info) => retries.push(info) });
    const hook = `${server.url}/services/T000/B000/s3cr3tW3bh00k`;
    const error = await http
      .request({ method: 'POST', path: hook, json: {}, secretUrl: true, idempotent: true })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(`POST ${server.url}/*** returned 404 after 2 attempts: no_service`);
    expect(retries[0]?.url).toBe(`${server.url}/***`);
  });

  it('does not retry answers such as 404 or 409', async () => {
    await serve([{ status: 409, body: { error: 'locked' } }]);
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry });
    await expect(http.put('/n/1')).rejects.toThrow(
      /PUT http:\/\/127\.0\.0\.1:\d+\/n\/1 returned 409: \{"error":"locked"\}/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('treats expected statuses as answers', async () => {
    await serve([{ status: 404, body: { message: 'gone' } }]);
    const http = new HttpClient({ baseUrl: server.url });
    await expect(http.get('/x', { expect: [404] })).resolves.toMatchObject({ status: 404, data: { message: 'gone' } });
  });

  it('retries connection resets and gives up with a network error after the last retry', async () => {
    await serve([{ reset: true }]);
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry });
    const error = await http.get('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'network', attempts: 4 });
    expect((error as Error).message).toMatch(/GET .*\/x failed after 4 attempts/);
    expect(server.requests).toHaveLength(4);
  });

  it('times out a slow attempt and retries it', async () => {
    await serve([{ hangMs: 2000 }, { status: 200, body: 'fine' }]);
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry, timeoutMs: 100 });
    await expect(http.get('/slow')).resolves.toMatchObject({ data: 'fine' });
    await serve([{ hangMs: 2000 }]);
    const timingOut = new HttpClient({ baseUrl: server.url, retry: { ...fastRetry, retries: 1 }, timeoutMs: 50 });
    await expect(timingOut.get('/slow')).rejects.toMatchObject({ kind: 'timeout', attempts: 2 });
  });

  it('re-authenticates once on 401 and repeats the request with the fresh header', async () => {
    await serve([{ status: 401 }, { status: 200, body: { ok: 1 } }]);
    let token = 'old';
    const http = new HttpClient({
      baseUrl: server.url,
      headers: () => ({ 'X-Auth-Token': token }),
      onUnauthorized: async () => {
        token = 'new';
        return true;
      },
    });
    await expect(http.get('/x')).resolves.toMatchObject({ data: { ok: 1 } });
    expect(server.requests.map((r) => r.headers['x-auth-token'])).toEqual(['old', 'new']);
  });

  it('gives up after one re-authentication when the server keeps answering 401', async () => {
    await serve([{ status: 401, body: { error: 'nope' } }]);
    let calls = 0;
    const http = new HttpClient({
      baseUrl: server.url,
      onUnauthorized: async () => {
        calls++;
        return true;
      },
    });
    await expect(http.get('/x')).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('sends URL user info as Basic authentication rather than in the URL', async () => {
    await serve([{ status: 200, body: {} }]);
    const http = new HttpClient({ baseUrl: server.url.replace('http://', 'http://admin:pa%3Ass@') });
    await http.get('/x');
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('admin:pa:ss').toString('base64')}`);
  });

  it('never shows credentials in the error: URL user info, secret query values, echoed tokens, JSON secrets', async () => {
    await serve([
      { status: 400, body: { echo: 'tok-s3cr3t-value', password: 'hunter22', detail: 'bad field "name"' } },
    ]);
    const url = new URL(server.url);
    const http = new HttpClient({
      baseUrl: `http://admin:pw123456@${url.host}/`,
      headers: { Authorization: 'Bearer tok-s3cr3t-value' },
    });
    const error = (await http.get('/x', { query: { token: 'abcdefgh' } }).catch((e: unknown) => e)) as HttpError;
    const text = `${error.message} ${error.url} ${error.responseExcerpt}`;
    expect(text).not.toMatch(/tok-s3cr3t-value|hunter22|pw123456|abcdefgh/);
    expect(error.message).toContain('bad field \\"name\\"');
    expect(error.url).toMatch(/^http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/x\?token=\*\*\*$/);
  });

  it('aborts a retry wait at once when the caller aborts', async () => {
    await serve([{ status: 503, headers: { 'retry-after': '30' } }]);
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry });
    const controller = new AbortController();
    const pending = http.get('/x', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by SIGTERM')), 50);
    await expect(pending).rejects.toThrow('stopped by SIGTERM');
  });
});
