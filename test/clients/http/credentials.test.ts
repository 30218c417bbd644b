import { readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { agentFetch } from '../../../src/clients/http/agent-fetch.js';
import { collect, HttpClient, toStepError } from '../../../src/clients/http/index.js';
import { NautobotClient } from '../../../src/clients/nautobot/client.js';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';
import { selfSignedCertificate } from '../../fakes/self-signed.js';

// Credentials (X-Auth-Token, `Authorization: Token`) go only to the origin a client is configured for, whatever
// links and redirects a server (or a proxy in front of it) hands out.
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const server = await startScriptedServer(handler);
  servers.push(server);
  return server;
}

const credentialsOf = (request: RecordedRequest) =>
  Object.keys(request.headers).filter((name) => ['authorization', 'x-auth-token', 'cookie'].includes(name));

describe('server-supplied links', () => {
  it("are rewritten onto the configured origin when only the origin differs (a proxy's internal host name)", async () => {
    // 127.0.0.1 is the configured origin; the server emits its own idea of itself, localhost, in `next`.
    const api = await serve((req) => {
      const port = new URL(api.url).port;
      return req.url.includes('offset=1')
        ? { status: 200, body: { count: 2, next: null, results: [{ id: 'b' }] } }
        : {
            status: 200,
            body: { count: 2, next: `http://localhost:${port}/api/dcim/devices/?offset=1`, results: [{ id: 'a' }] },
          };
    });
    const nautobot = new NautobotClient({ url: api.url, token: 't0ken-secret' });
    const devices = await collect(nautobot.list<{ id: string }>('dcim/devices/'));
    expect(devices.map((d) => d.id)).toEqual(['a', 'b']);
    expect(api.requests.map((r) => r.headers.host)).toEqual([new URL(api.url).host, new URL(api.url).host]);
    expect(api.requests[1]!.url).toBe('/api/dcim/devices/?offset=1');
  });

  it('are refused, as a final error (exit 3), when they lead elsewhere', async () => {
    const elsewhere = await serve(() => ({ status: 200, body: { count: 0, next: null, results: [] } }));
    const api = await serve(() => ({
      status: 200,
      body: { count: 2, next: `${elsewhere.url}/collect/?offset=1`, results: [{ id: 'a' }] },
    }));
    const nautobot = new NautobotClient({ url: api.url, token: 't0ken-secret', retry: { retries: 2 } });
    const error = await collect(nautobot.list('dcim/devices/')).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `GET ${elsewhere.url}/collect/?offset=1 refused: the link leaves the API the client is configured for (${api.url}/api/), which alone gets its credentials; configure the server's public URL`,
    );
    expect(toStepError(error, 'list devices').exitCode).toBe(3);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('redirects', () => {
  it('within the configured origin keep the credentials', async () => {
    const api = await serve((req) =>
      req.url === '/v1/old' ? { status: 307, headers: { location: '/v1/new' } } : { status: 200, body: { ok: true } },
    );
    const http = new HttpClient({ baseUrl: `${api.url}/v1`, headers: { 'x-auth-token': 'gAAAA-token' } });
    expect((await http.get('old')).data).toEqual({ ok: true });
    expect(api.requests.map((r) => [r.url, r.headers['x-auth-token']])).toEqual([
      ['/v1/old', 'gAAAA-token'],
      ['/v1/new', 'gAAAA-token'],
    ]);
  });

  it('to another origin carry no credential of any name', async () => {
    const elsewhere = await serve(() => ({ status: 200, body: { ok: true } }));
    const api = await serve(() => ({ status: 302, headers: { location: `${elsewhere.url}/landing` } }));
    const http = new HttpClient({
      baseUrl: api.url,
      headers: { 'x-auth-token': 'gAAAA-token', authorization: 'Token t0ken-secret', cookie: 'session=1' },
    });
    expect((await http.get('v1/nodes')).data).toEqual({ ok: true });
    expect(credentialsOf(api.requests[0]!)).toHaveLength(3);
    expect(elsewhere.requests).toHaveLength(1);
    expect(credentialsOf(elsewhere.requests[0]!)).toEqual([]);
  });

  it('from https to http are refused, as a final error', async () => {
    const tls = selfSignedCertificate();
    const plain = await serve(() => ({ status: 200, body: { ok: true } }));
    const secure: Server = createServer({ key: tls.key, cert: tls.cert }, (_req, res) => {
      res.writeHead(301, { location: `${plain.url}/v1/nodes` }).end();
    });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    try {
      const base = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
      const http = new HttpClient({
        baseUrl: base,
        fetch: await agentFetch(new Agent({ ca: readFileSync(join(tls.dir, 'cert.pem')) })),
        headers: { 'x-auth-token': 'gAAAA-token' },
        retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
      });
      const error = await http.get('v1/nodes').catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'foreign-origin', attempts: 1 });
      expect((error as Error).message).toBe(
        `GET ${base}/v1/nodes refused: redirect from https to ${plain.url}/v1/nodes`,
      );
      expect(plain.requests).toEqual([]);
    } finally {
      await new Promise((resolve) => secure.close(resolve));
      rmSync(tls.dir, { recursive: true, force: true });
    }
  });
});
