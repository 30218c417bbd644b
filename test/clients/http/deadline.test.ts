import { HttpClient } from '../../../src/clients/http/index.js';
import { waitFor as waitForOpenStack } from '../../../src/clients/openstack/wait.js';
import { waitFor } from '../../../src/steps/runtime/wait.js';
import { type Reply, type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

let server: ScriptedServer;
afterEach(async () => server?.close());
const serve = async (reply: Reply) => {
  server = await startScriptedServer(() => reply);
};
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const never = () => new Promise<never>(() => {});

describe('deadlines', () => {
  it('a request has an overall deadline across its attempts, besides the per-attempt timeout', async () => {
    await serve({ hangMs: 10_000 });
    const http = new HttpClient({
      baseUrl: server.url,
      timeoutMs: 400,
      deadlineMs: 1000,
      retry: { retries: 10, minDelayMs: 50, maxDelayMs: 100 },
    });
    const started = Date.now();
    const error = await http.get('slow').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('a Retry-After past the deadline is not waited for', async () => {
    await serve({ status: 503, headers: { 'retry-after': '5' } });
    const http = new HttpClient({ baseUrl: server.url, deadlineMs: 2000, retry: { retries: 4 } });
    const started = Date.now();
    await expect(http.get('busy')).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("the steps' waitFor times out during a check that hangs, not only between checks (exit 75)", async () => {
    const started = Date.now();
    const error = await waitFor(never, { what: 'rollout of Deployment shop/web', timeoutMs: 300, log: quiet }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      exitCode: 75,
      message: 'timed out after 0s waiting for rollout of Deployment shop/web: no answer yet',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("OpenStack's waitFor times out during a poll that hangs (exit 75)", async () => {
    const started = Date.now();
    const error = await waitForOpenStack({
      what: 'node n1 to reach "available"',
      poll: never,
      check: () => ({ done: true }),
      timeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 75 });
    expect((error as Error).message).toMatch(/^timed out after 0 s waiting for node n1 to reach "available"/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
