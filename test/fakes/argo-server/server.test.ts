import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { ALICE, BOB, startFake } from '../../cli/harness.js';
import type { FakeArgoServer } from './server.js';

let fake: FakeArgoServer;
let agent: Agent;
beforeAll(async () => {
  fake = await startFake();
  agent = new Agent({ ca: readFileSync(fake.caFile, 'utf8') });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.violations.length = 0;
});

function call(
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `https://${fake.url}${path}`,
      { method, agent, headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('the fake Argo Server', () => {
  it('answers the grpc-gateway error body for 401, 403 (admission policy), 404 and 409', async () => {
    expect(await call('GET', '/api/v1/workflow-templates/opsflow', undefined)).toEqual({
      status: 401,
      body: { code: 16, message: expect.stringContaining('token not valid') },
    });
    const submit = {
      namespace: 'opsflow',
      resourceKind: 'WorkflowTemplate',
      resourceName: 'openshift-workload-restart',
    };
    const forbidden = await call('POST', '/api/v1/workflows/opsflow/submit', BOB.token, submit);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({
      code: 7,
      message: expect.stringMatching(/is forbidden: ValidatingAdmissionPolicy .* denied request/),
    });
    expect(await call('GET', '/api/v1/workflows/opsflow/nope', ALICE.token)).toEqual({
      status: 404,
      body: { code: 5, message: 'workflows.argoproj.io "nope" not found' },
    });
    const named = { ...submit, submitOptions: { name: 'twice' } };
    expect((await call('POST', '/api/v1/workflows/opsflow/submit', ALICE.token, named)).status).toBe(200);
    expect(await call('POST', '/api/v1/workflows/opsflow/submit', ALICE.token, named)).toEqual({
      status: 409,
      body: { code: 6, message: 'workflows.argoproj.io "twice" already exists' },
    });
    expect(fake.violations).toEqual([]);
  });

  it('refuses and records a request the swagger does not allow: an unknown query parameter, a misplaced body field', async () => {
    const query = await call('GET', '/api/v1/workflows/opsflow?labelSelector=a%3Db', ALICE.token);
    expect(query.status).toBe(400);
    const body = await call('POST', '/api/v1/workflows/opsflow/submit', ALICE.token, {
      resourceName: 'x',
      parameters: ['a=b'],
    });
    expect(body.status).toBe(400);
    expect(fake.violations).toEqual([
      'WorkflowService_ListWorkflows: undeclared query parameter labelSelector',
      'WorkflowService_SubmitWorkflow request body: / must NOT have additional properties (parameters)',
    ]);
  });
});
