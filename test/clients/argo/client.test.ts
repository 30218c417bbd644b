import { ArgoClient, ndjsonResults } from '../../../src/clients/argo/index.js';
import { HttpError } from '../../../src/clients/http/index.js';
import { startScriptedServer } from '../../fakes/scripted-server.js';

const retry = { retries: 2, minDelayMs: 1, maxDelayMs: 2 };

describe('ArgoClient on the HTTP core', () => {
  it('fills the path, sends the token as-is, and retries an idempotent GET on 503', async () => {
    const server = await startScriptedServer((_request, index) =>
      index === 0 ? { status: 503, body: { code: 14, message: 'unavailable' } } : { status: 200, body: { items: [] } },
    );
    const argo = new ArgoClient({ baseUrl: server.url, authorization: 'Bearer s3cret-token', retry });
    await expect(
      argo.call('get', '/api/v1/workflow-templates/{namespace}', { path: { namespace: 'ops flow' } }),
    ).resolves.toEqual({ items: [] });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/workflow-templates/ops%20flow',
      '/api/v1/workflow-templates/ops%20flow',
    ]);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer s3cret-token');
    await server.close();
  });

  it('does not repeat a submit (POST) on 503, and never shows the token in the error', async () => {
    const server = await startScriptedServer(() => ({
      status: 503,
      body: { code: 14, message: 'echo Bearer s3cret-token' },
    }));
    const argo = new ArgoClient({ baseUrl: server.url, authorization: 'Bearer s3cret-token', retry });
    const error = await argo
      .call('post', '/api/v1/workflows/{namespace}/submit', {
        path: { namespace: 'opsflow' },
        body: { resourceName: 'x' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).message).not.toContain('s3cret-token');
    expect(server.requests).toHaveLength(1);
    await server.close();
  });

  it('streams newline-delimited results as they come, and turns an error line into an HttpError', async () => {
    const lines = [
      '{"result":{"content":"one","podName":"p"}}\n{"result":{"content":"tw',
      'o","podName":"p"}}\n',
      '{"error":{"grpc_code":5,"http_code":404,"message":"pod p not found","http_status":"Not Found"}}\n',
    ];
    const server = await startScriptedServer(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: lines.join(''),
    }));
    const argo = new ArgoClient({ baseUrl: server.url, authorization: 'Bearer t0ken', retry });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const entry of argo.stream('/api/v1/workflows/{namespace}/{name}/log', {
        path: { namespace: 'opsflow', name: 'wf' },
        query: { 'logOptions.follow': true },
      })) {
        seen.push(entry.content ?? '');
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['one', 'two']);
    expect((error as HttpError).status).toBe(404);
    expect((error as HttpError).message).toContain('pod p not found');
    expect(server.requests[0]!.url).toBe('/api/v1/workflows/opsflow/wf/log?logOptions.follow=true');
    await server.close();
  });
});

describe('ndjsonResults', () => {
  it('maps a gRPC code without http_code to the gateway status (16 Unauthenticated: 401)', async () => {
    async function* body() {
      yield new TextEncoder().encode('{"error":{"grpc_code":16,"message":"token expired"}}');
    }
    const error = await ndjsonResults(body(), { method: 'GET', url: 'https://argo/x' })
      .next()
      .catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(401);
  });
});
