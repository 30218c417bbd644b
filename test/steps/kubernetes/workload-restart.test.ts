import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { RESTARTED_AT } from '../../../src/steps/kubernetes/run/workload-restart.js';
import { workloadRestart } from '../../../src/steps/kubernetes/workload-restart.js';
import { deployment, Harness, pod } from './harness.js';

jest.setTimeout(20_000);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/shop/deployments/web';
const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
  h.fake.controllers = 'progress';
});

describe('workload-restart of a Deployment', () => {
  test('patches the pod template annotation like kubectl rollout restart and waits for the rollout', async () => {
    h.fake.add(deployment('web'));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web' });

    expect(run.error).toBeUndefined();
    expect(run.result?.outcome).toBe('changed');
    const [patch, ...others] = h.fake.mutations();
    expect(others).toEqual([]);
    expect(patch).toMatchObject({
      method: 'PATCH',
      path: DEPLOYMENT_PATH,
      query: {},
      contentType: 'application/strategic-merge-patch+json',
      authorization: `Bearer ${h.fake.token}`,
    });
    const restartedAt = readFileSync(join(run.outputDir, 'restartedAt'), 'utf8');
    expect(restartedAt).toMatch(RFC3339);
    expect(patch?.body).toEqual({
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } },
    });
    const stored = h.fake.object('Deployment', 'shop', 'web');
    expect(stored.metadata.generation).toBe(2);
    expect(stored.spec.template.metadata).toEqual({
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt },
    });
    // Progress as kubectl rollout status words it, one line per change, then done.
    const waiting = run.logs.filter((line) => line.event === 'waiting').map((line) => line.message);
    expect(waiting).toEqual([
      'Waiting for deployment spec update to be observed...',
      'Waiting for rollout "web" to finish: 0 out of 3 new replicas have been updated...',
      'Waiting for rollout "web" to finish: 1 out of 3 new replicas have been updated...',
      'Waiting for rollout "web" to finish: 2 out of 3 new replicas have been updated...',
    ]);
    expect(run.logs.find((line) => line.event === 'wait-done')?.message).toBe(
      'deployment "web" successfully rolled out',
    );
  });

  test('a retry after a timed-out wait does not restart again: it waits for the rollout under way', async () => {
    h.fake.add(deployment('web'));
    const first = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web', wait: false });
    const restartedAt = first.result?.details?.restartedAt;
    const preview = await h.run(
      workloadRestart,
      { namespace: 'shop', kind: 'Deployment', name: 'web' },
      { dryRun: true },
    );
    expect(preview.result?.message).toBe(
      'would not restart Deployment shop/web on prod: a rollout is under way (Waiting for deployment spec update to be observed...)',
    );
    const retry = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web' });

    expect(retry.result).toEqual({
      outcome: 'unchanged',
      message: 'a rollout of Deployment shop/web on prod was already under way and the rollout completed',
      details: { restartedAt },
    });
    expect(h.fake.mutations()).toHaveLength(1);
    expect(readFileSync(join(retry.outputDir, 'restartedAt'), 'utf8')).toBe(restartedAt);
    expect(retry.logs.find((l) => l.event === 'wait-done')?.message).toBe('deployment "web" successfully rolled out');
  });

  test('in a workflow, a retry after the rollout completed does not restart again (restarted-by-workflow annotation)', async () => {
    h.fake.add(deployment('api'));
    const env = { ARGO_WORKFLOW_NAME: 'restart-api-q7w2x' };
    const first = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'api' }, { env });
    expect(first.result?.outcome).toBe('changed');
    const [patch] = h.fake.mutations();
    expect(patch?.body).toEqual({
      spec: {
        template: {
          metadata: {
            annotations: {
              [RESTARTED_AT]: first.result?.details?.restartedAt,
              'opsflow.io/restarted-by-workflow': 'restart-api-q7w2x',
            },
          },
        },
      },
    });

    // The rollout has completed; the template retries the step (its first attempt ended in exit 75, say).
    const retry = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'api' }, { env });
    expect(retry.result).toEqual({
      outcome: 'unchanged',
      message:
        'Deployment shop/api on prod was already restarted by workflow restart-api-q7w2x and the rollout completed',
      details: { restartedAt: first.result?.details?.restartedAt },
    });
    expect(h.fake.mutations()).toHaveLength(1);

    // Another workflow restarts it again.
    const other = await h.run(
      workloadRestart,
      { namespace: 'shop', kind: 'Deployment', name: 'api', wait: false },
      { env: { ARGO_WORKFLOW_NAME: 'restart-api-z9k4m' } },
    );
    expect(other.result?.outcome).toBe('changed');
    expect(h.fake.mutations()).toHaveLength(2);
  });

  test('a Deployment past its progress deadline is restarted (a restart starts the rollout over)', async () => {
    const stalled = deployment('web');
    h.fake.add({
      ...stalled,
      metadata: { ...stalled.metadata, generation: 4 },
      status: {
        ...stalled.status,
        observedGeneration: 4,
        updatedReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
    });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web', wait: false });
    expect(run.result?.outcome).toBe('changed');
    expect(h.fake.mutations().map((r) => r.method)).toEqual(['PATCH']);
  });

  test('a stalled rollout is restarted even when this workflow made it (argo retry of the failed workflow)', async () => {
    const stalled = deployment('cart');
    const template = stalled.spec.template as { metadata?: { annotations?: Record<string, string> } };
    h.fake.add({
      ...stalled,
      metadata: { ...stalled.metadata, generation: 4 },
      spec: {
        ...stalled.spec,
        template: {
          ...stalled.spec.template,
          metadata: {
            ...template.metadata,
            annotations: { 'opsflow.io/restarted-by-workflow': 'restart-cart-r2d2' },
          },
        },
      },
      status: {
        ...stalled.status,
        observedGeneration: 4,
        updatedReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
    });
    const run = await h.run(
      workloadRestart,
      { namespace: 'shop', kind: 'Deployment', name: 'cart', wait: false },
      { env: { ARGO_WORKFLOW_NAME: 'restart-cart-r2d2' } },
    );
    expect(run.result?.outcome).toBe('changed');
    expect(h.fake.mutations().map((r) => `${r.method} ${r.path}`)).toEqual([
      'PATCH /apis/apps/v1/namespaces/shop/deployments/cart',
    ]);
  });

  test('dry-run reads the Deployment and changes nothing', async () => {
    h.fake.add(deployment('web'));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web' }, { dryRun: true });
    expect(run.result).toMatchObject({
      outcome: 'dry-run',
      message: expect.stringContaining('would restart Deployment shop/web'),
    });
    expect(h.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${DEPLOYMENT_PATH}`]);
  });

  test('a missing Deployment is exit 3 and nothing is patched', async () => {
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'nope' });
    expect(run.error).toMatchObject({ name: 'NotFoundError', exitCode: 3 });
    expect(run.error?.message).toMatch(
      /^read Deployment shop\/nope: GET http:\/\/127.0.0.1:\d+\/apis\/apps\/v1\/namespaces\/shop\/deployments\/nope returned 404: deployments.apps "nope" not found$/,
    );
    expect(h.fake.mutations()).toEqual([]);
  });

  test('a paused Deployment is refused (exit 3)', async () => {
    const paused = deployment('paused');
    h.fake.add({ ...paused, spec: { ...paused.spec, paused: true } });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'paused' });
    expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
    expect(run.error?.message).toContain('Deployment shop/paused is paused');
    expect(h.fake.mutations()).toEqual([]);
  });

  test('a 409 conflict is exit 3, not retried', async () => {
    h.fake.add(deployment('web'));
    h.fake.fail('PATCH', DEPLOYMENT_PATH, { status: 409, message: 'Operation cannot be fulfilled' });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web', wait: false });
    expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
    expect(run.error?.message).toContain('returned 409');
    expect(h.fake.mutations()).toHaveLength(1);
  });

  test('throttling (429 with Retry-After) is retried after the time the server asks for', async () => {
    h.fake.add(deployment('web'));
    h.fake.fail('PATCH', DEPLOYMENT_PATH, { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web', wait: false });
    expect(run.result?.outcome).toBe('changed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(h.fake.mutations().map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(run.logs.filter((l) => l.event === 'retry')).toEqual([
      expect.objectContaining({ level: 'warn', reason: 'status 429', method: 'PATCH', delayMs: expect.any(Number) }),
    ]);
  });

  test('a 503, a connection reset and a slow answer are retried, then the restart succeeds', async () => {
    h.fake.add(deployment('web'));
    h.fake.fail('GET', DEPLOYMENT_PATH, { delayMs: 600 });
    h.fake.fail('PATCH', DEPLOYMENT_PATH, { status: 503 }, { reset: true });
    const run = await h.run(
      workloadRestart,
      { namespace: 'shop', kind: 'Deployment', name: 'web', wait: false },
      { env: { OPSFLOW_KUBERNETES_TIMEOUT_MS: '300' } },
    );
    expect(run.error).toBeUndefined();
    expect(run.logs.filter((l) => l.event === 'retry').map((l) => l.reason)).toEqual([
      'timeout',
      'status 503',
      'network',
    ]);
    expect(h.fake.mutations()).toHaveLength(3);
  });

  test('503 on every attempt ends in exit 75 after the retries', async () => {
    h.fake.add(deployment('web'));
    h.fake.fail('PATCH', DEPLOYMENT_PATH, ...Array.from({ length: 5 }, () => ({ status: 503 })));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web', wait: false });
    expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
    expect(run.error?.message).toContain('returned 503 after 5 attempts');
    expect(h.fake.mutations()).toHaveLength(5);
  });

  test('requests that keep timing out end in exit 75', async () => {
    h.fake.add(deployment('web'));
    h.fake.fail('GET', DEPLOYMENT_PATH, ...Array.from({ length: 5 }, () => ({ delayMs: 400 })));
    const run = await h.run(
      workloadRestart,
      { namespace: 'shop', kind: 'Deployment', name: 'web' },
      { env: { OPSFLOW_KUBERNETES_TIMEOUT_MS: '100' } },
    );
    expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
    expect(run.error?.message).toContain('timed out after 5 attempts');
    expect(h.fake.mutations()).toEqual([]);
  });

  test('a rollout that does not finish in time is exit 75 (it may still converge) and names where it stopped', async () => {
    h.fake.add(deployment('web'));
    h.fake.controllers = 'stuck';
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'web', timeoutSeconds: 1 });
    expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
    expect(run.error?.message).toBe(
      'timed out after 1s waiting for rollout of Deployment shop/web: Waiting for rollout "web" to finish: 0 out of 3 new replicas have been updated...',
    );
  });
});

describe('workload-restart of a StatefulSet and a DaemonSet', () => {
  test('StatefulSet: same patch, waits until the update revision is current', async () => {
    h.fake.add({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'db' } }, template: { metadata: {}, spec: {} } },
      status: { observedGeneration: 1, replicas: 2, readyReplicas: 2, currentRevision: 'db-1', updateRevision: 'db-1' },
    });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'StatefulSet', name: 'db' });
    expect(run.error).toBeUndefined();
    expect(h.fake.mutations()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/shop/statefulsets/db',
        contentType: 'application/strategic-merge-patch+json',
      }),
    ]);
    expect(run.logs.find((l) => l.event === 'wait-done')?.message).toBe(
      'statefulset rolling update complete 2 pods at revision db-2...',
    );
  });

  test('DaemonSet with updateStrategy OnDelete is refused (exit 3): the annotation would replace no pod', async () => {
    h.fake.add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'agent' } }, updateStrategy: { type: 'OnDelete' }, template: {} },
      status: { observedGeneration: 1, desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 },
    });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'DaemonSet', name: 'agent' });
    expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
    expect(run.error?.message).toBe(
      'DaemonSet shop/agent uses updateStrategy OnDelete: only RollingUpdate replaces pods when the pod template changes',
    );
    expect(h.fake.mutations()).toEqual([]);
  });

  test('DaemonSet: waits for updatedNumberScheduled and numberAvailable', async () => {
    h.fake.add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'logs', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'logs' } }, template: {} },
      status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 },
    });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'DaemonSet', name: 'logs' });
    expect(run.error).toBeUndefined();
    expect(run.logs.filter((l) => l.event === 'waiting').map((l) => l.message)).toContain(
      'Waiting for rollout "logs" to finish: 1 out of 2 new pods have been updated...',
    );
    expect(run.logs.find((l) => l.event === 'wait-done')?.message).toBe('daemon set "logs" successfully rolled out');
  });
});

describe('workload-restart of a Pod', () => {
  test('evicts a controller-owned pod with a policy/v1 Eviction and waits for its replacement', async () => {
    const owner = { kind: 'ReplicaSet', name: 'web-5d8f', uid: 'rs-uid-1' };
    h.fake.add(pod('web-5d8f-abcde', { labels: { app: 'web', 'pod-template-hash': '5d8f' }, owner }));
    h.fake.add(pod('web-5d8f-zzzzz', { labels: { app: 'web', 'pod-template-hash': '5d8f' }, owner }));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'web-5d8f-abcde' });

    expect(run.error).toBeUndefined();
    expect(h.fake.mutations()).toEqual([
      {
        method: 'POST',
        path: '/api/v1/namespaces/shop/pods/web-5d8f-abcde/eviction',
        query: {},
        contentType: 'application/json',
        authorization: `Bearer ${h.fake.token}`,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-5d8f-abcde', namespace: 'shop' } },
      },
    ]);
    expect(h.fake.object('Pod', 'shop', 'web-5d8f-abcde')).toBeUndefined();
    expect(h.fake.objectsOf('Pod', 'shop').map((p) => p.metadata.name)).toHaveLength(2);
    expect(run.logs.filter((l) => l.event === 'waiting').map((l) => l.message)).toEqual([
      'pod web-5d8f-abcde is terminating',
      'pod web-5d8f-abcde is gone; waiting for its replacement',
    ]);
    expect(run.logs.find((l) => l.event === 'wait-done')?.message).toMatch(
      /^pod web-5d8f-abcde is gone; web-5d8f-\w{5} replaces it$/,
    );
    expect(h.fake.requests.find((r) => r.path === '/api/v1/namespaces/shop/pods')?.query).toEqual({
      labelSelector: 'app=web',
    });
  });

  test('a pod without a controller is refused (exit 3) and not evicted', async () => {
    h.fake.add(pod('lonely'));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'lonely' });
    expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
    expect(run.error?.message).toContain('Pod shop/lonely has no controller');
    expect(h.fake.mutations()).toEqual([]);
  });

  test('a PodDisruptionBudget answering 429 is retried until the eviction is allowed', async () => {
    h.fake.add(pod('api-0', { owner: { kind: 'StatefulSet', name: 'api', uid: 'ss-uid' } }));
    const path = '/api/v1/namespaces/shop/pods/api-0/eviction';
    h.fake.fail('POST', path, {
      status: 429,
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
    });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'api-0', wait: false });
    expect(run.result?.outcome).toBe('changed');
    expect(h.fake.mutations().map((r) => r.path)).toEqual([path, path]);
  });

  test('a PodDisruptionBudget that never allows it ends in exit 75', async () => {
    h.fake.add(pod('api-1', { owner: { kind: 'StatefulSet', name: 'api', uid: 'ss-uid' } }));
    const path = '/api/v1/namespaces/shop/pods/api-1/eviction';
    h.fake.fail('POST', path, ...Array.from({ length: 5 }, () => ({ status: 429, retryAfterSeconds: 0 })));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'api-1' });
    expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
    expect(run.error?.message).toContain('evict Pod shop/api-1');
    expect(h.fake.object('Pod', 'shop', 'api-1').metadata.deletionTimestamp).toBeUndefined();
  });

  test('a pod already terminating is not evicted again; the step waits for its replacement', async () => {
    const terminating = pod('api-3', { owner: { kind: 'StatefulSet', name: 'api', uid: 'ss-uid' } });
    h.fake.add({ ...terminating, metadata: { ...terminating.metadata, deletionTimestamp: '2026-11-22T03:00:00Z' } });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'api-3' });
    expect(run.result).toMatchObject({
      outcome: 'unchanged',
      message: 'Pod shop/api-3 was already terminating on prod; StatefulSet api replaced it',
    });
    expect(h.fake.mutations()).toEqual([]);
    expect(h.fake.object('Pod', 'shop', 'api-3').metadata.deletionTimestamp).toBeUndefined();
  });

  test('dry-run names the owner and evicts nothing', async () => {
    h.fake.add(pod('api-2', { owner: { kind: 'StatefulSet', name: 'api', uid: 'ss-uid' } }));
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'api-2' }, { dryRun: true });
    expect(run.result).toMatchObject({ outcome: 'dry-run', details: { owner: 'StatefulSet api' } });
    expect(h.fake.mutations()).toEqual([]);
  });
});

test('an unknown cluster is exit 3 and names the known ones', async () => {
  const run = await h.run(workloadRestart, { cluster: 'staging', namespace: 'shop', kind: 'Deployment', name: 'web' });
  expect(run.error).toMatchObject({ name: 'NotFoundError', exitCode: 3 });
  expect(run.error?.message).toMatch(
    /cluster "staging" is not configured: no kubeconfig at .*staging; known clusters: prod/,
  );
});

describe('workload-restart cool-down (minIntervalMinutes)', () => {
  const restartedAgo = (minutes: number) => {
    const web = deployment('web');
    const at = new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    (web.spec.template.metadata as Record<string, unknown>).annotations = { [RESTARTED_AT]: at };
    return { web, at };
  };

  test('refuses (exit 3) a restart within the interval, says so in a dry run, and allows one after it', async () => {
    const { web, at } = restartedAgo(10);
    h.fake.add(web);
    const input = { namespace: 'shop', kind: 'Deployment', name: 'web', minIntervalMinutes: 30 };
    const preview = await h.run(workloadRestart, input, { dryRun: true });
    expect(preview.result?.message).toMatch(/^would refuse: Deployment shop\/web on prod was restarted 6\d\d s ago/);
    const refused = await h.run(workloadRestart, input);
    expect(refused.error?.exitCode).toBe(3);
    expect(refused.error?.message).toBe(
      `Deployment shop/web on prod was restarted ${refused.error?.message.match(/restarted (\d+) s/)?.[1]} s ago (${RESTARTED_AT}: ${at}), less than the minimum interval of 30 minutes (minIntervalMinutes): not restarting it again`,
    );
    expect(h.fake.mutations()).toEqual([]);

    h.fake.add(restartedAgo(31).web);
    const allowed = await h.run(workloadRestart, input);
    expect(allowed.result?.outcome).toBe('changed');
    expect(h.fake.mutations()).toHaveLength(1);
  });

  test('does not refuse the retry of the workflow that made the restart, and refuses a cool-down on a Pod', async () => {
    h.fake.add(deployment('web'));
    const env = { ARGO_WORKFLOW_NAME: 'restart-abc' };
    const input = { namespace: 'shop', kind: 'Deployment', name: 'web', minIntervalMinutes: 30 };
    expect((await h.run(workloadRestart, input, { env })).result?.outcome).toBe('changed');
    expect((await h.run(workloadRestart, input, { env })).result?.outcome).toBe('unchanged');

    const pod = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'web-1', minIntervalMinutes: 5 });
    expect(pod.error?.exitCode).toBe(2);
    expect(pod.error?.message).toBe(
      'minIntervalMinutes: applies to Deployments, StatefulSets and DaemonSets, not to kind Pod (got 5)',
    );
  });
});
