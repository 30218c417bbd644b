import { collect, HttpClient, HttpError, toStepError } from '../../../src/clients/http/index.js';
import { NautobotClient } from '../../../src/clients/nautobot/client.js';
import { type Reply, type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

const fastRetry = { retries: 2, minDelayMs: 1, maxDelayMs: 2 };
let server: ScriptedServer;

afterEach(async () => server?.close());

async function serve(reply: (url: string, index: number) => Reply): Promise<ScriptedServer> {
  server = await startScriptedServer((req, i) => reply(req.url, i));
  return server;
}

const truncated: Reply = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"results": [{"id"' };
const proxyPage: Reply = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' };

describe('a 2xx whose body is not the JSON it claims', () => {
  it('is an invalid-response error after the retries, a transient step failure (exit 75)', async () => {
    await serve(() => truncated);
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry });
    const error = await http.get('dcim/devices/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 3 });
    expect((error as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/dcim\/devices\/ returned 200 after 3 attempts with a body that is not the JSON it claims \(.*JSON.*\): \{"results": \[\{"id"$/,
    );
    expect(toStepError(error, 'list devices').exitCode).toBe(75);
  });

  it('is repeated like a network failure: a whole answer on the next attempt is used', async () => {
    await serve((_url, i) => (i === 0 ? truncated : { status: 200, body: { ok: true } }));
    const http = new HttpClient({ baseUrl: server.url, retry: fastRetry });
    expect((await http.get('x')).data).toEqual({ ok: true });
  });

  it('ends no Nautobot listing early: a proxy page instead of page 2 fails the listing', async () => {
    await serve((url) =>
      url.includes('offset=1')
        ? proxyPage
        : { status: 200, body: { count: 2, next: `${server.url}/api/dcim/devices/?offset=1`, results: [{ id: 'a' }] } },
    );
    const nautobot = new NautobotClient({ url: server.url, token: 't0ken-secret', retry: fastRetry });
    const error = await collect(nautobot.list('dcim/devices/')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect((error as Error).message).toContain('not a page of the listing');
    const parallel = await nautobot.listAll('dcim/devices/').catch((e: unknown) => e);
    expect(parallel).toMatchObject({ kind: 'invalid-response', status: 200 });
  });
});
