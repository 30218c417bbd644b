import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { runsConfigMapName } from '../../../src/governance/guard.js';
import { RESTARTED_BY } from '../../../src/steps/kubernetes/run/workload-restart.js';
import { runGuard } from '../../../src/steps/kubernetes/run-guard.js';
import { workloadDelete } from '../../../src/steps/kubernetes/workload-delete.js';
import { workloadRestart } from '../../../src/steps/kubernetes/workload-restart.js';
import { deployment, Harness, pod } from './harness.js';

/**
 * The Kubernetes steps when the API server carries a change out and the answer is lost on the way back (fault
 * `loseResponse`), and when Argo runs the step again after an exit 75. cronjob-trigger's cases are in its own file
 * ("a create whose answer was lost is retried", "a retry after a timed-out wait finds its Job").
 */
jest.setTimeout(20_000);

const WORKFLOW = 'restart-web-x7k2p';
const env = { ARGO_WORKFLOW_NAME: WORKFLOW };
const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
  h.fake.controllers = 'progress';
});
const lost = (times: number) => Array.from({ length: times }, () => ({ loseResponse: true }) as const);

describe('workload-restart of a Deployment', () => {
  const path = (name: string) => `/apis/apps/v1/namespaces/shop/deployments/${name}`;
  const rolledOut = (name: string) => {
    const { metadata, status } = h.fake.object('Deployment', 'shop', name);
    return status.observedGeneration === metadata.generation && status.updatedReplicas === status.replicas;
  };
  const restart = (name: string) => h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name }, { env });

  test('applied, answer lost, retried: the repeated PATCH sets the same annotations, so one rollout', async () => {
    h.fake.add(deployment('lost-1'));
    h.fake.fail('PATCH', path('lost-1'), { loseResponse: true });
    const run = await restart('lost-1');
    expect(run.result?.outcome).toBe('changed');
    const patches = h.fake.mutations().map((r) => r.body);
    expect(patches).toHaveLength(2);
    expect(patches[1]).toEqual(patches[0]);
    // One change of the pod template: generation 1 → 2, whatever the number of PATCHes.
    expect(h.fake.object('Deployment', 'shop', 'lost-1').metadata.generation).toBe(2);
  });

  test('exit 75, step run again: the restart whose every answer was lost is not made again', async () => {
    h.fake.add(deployment('lost-2'));
    h.fake.fail('PATCH', path('lost-2'), ...lost(5));
    const first = await restart('lost-2');
    expect(first.error).toMatchObject({ exitCode: 75 });
    const annotations = h.fake.object('Deployment', 'shop', 'lost-2').spec.template.metadata.annotations;
    expect(annotations[RESTARTED_BY]).toBe(WORKFLOW);
    const written = h.fake.mutations().length;
    // The rollout completes meanwhile (the fake's controllers move one step per read; a dry run reads).
    for (let i = 0; i < 10 && !rolledOut('lost-2'); i++) {
      await h.run(workloadRestart, { namespace: 'shop', kind: 'Deployment', name: 'lost-2' }, { dryRun: true, env });
    }
    expect(rolledOut('lost-2')).toBe(true);
    const again = await restart('lost-2');
    expect(again.result).toMatchObject({ outcome: 'unchanged' });
    expect(h.fake.mutations()).toHaveLength(written);
    expect(h.fake.object('Deployment', 'shop', 'lost-2').metadata.generation).toBe(2);
  });
});

describe('workload-restart of a Pod (eviction)', () => {
  const owner = { kind: 'ReplicaSet', name: 'web-7c9d', uid: 'rs-uid-lost' };
  const labels = { app: 'web-lost', 'pod-template-hash': '7c9d' };

  test('applied, answer lost, retried: the repeated eviction meets the pod terminating, which is success', async () => {
    h.fake.add(pod('web-7c9d-aaaaa', { labels, owner }));
    h.fake.add(pod('web-7c9d-bbbbb', { labels, owner }));
    const path = '/api/v1/namespaces/shop/pods/web-7c9d-aaaaa/eviction';
    h.fake.fail('POST', path, { loseResponse: true });
    const run = await h.run(workloadRestart, { namespace: 'shop', kind: 'Pod', name: 'web-7c9d-aaaaa' }, { env });
    expect(run.error).toBeUndefined();
    expect(run.result?.outcome).toBe('changed');
    expect(h.fake.mutations().map((r) => r.path)).toEqual([path, path]);
    expect(h.fake.object('Pod', 'shop', 'web-7c9d-aaaaa')).toBeUndefined();
  });
});

describe('workload-delete', () => {
  const podPath = (name: string) => `/api/v1/namespaces/shop/pods/${name}`;
  const remove = (name: string) => h.run(workloadDelete, { namespace: 'shop', kind: 'Pod', name });

  test('applied, answer lost, retried: the repeated DELETE finds it gone, which is success', async () => {
    h.fake.add(pod('debug-lost-1'));
    h.fake.fail('DELETE', podPath('debug-lost-1'), { loseResponse: true });
    const run = await remove('debug-lost-1');
    expect(run.error).toBeUndefined();
    expect(run.result?.outcome).toBe('unchanged');
    expect(h.fake.object('Pod', 'shop', 'debug-lost-1')).toBeUndefined();
  });

  test('exit 75, step run again: the object it deleted is gone, nothing is deleted again', async () => {
    h.fake.add(pod('debug-lost-2'));
    h.fake.fail(
      'DELETE',
      podPath('debug-lost-2'),
      { loseResponse: true },
      ...Array.from({ length: 4 }, () => ({ status: 503 })),
    );
    const first = await remove('debug-lost-2');
    expect(first.error).toMatchObject({ exitCode: 75 });
    expect(h.fake.object('Pod', 'shop', 'debug-lost-2')).toBeUndefined();
    const again = await remove('debug-lost-2');
    expect(again.result).toEqual({ outcome: 'unchanged', message: 'Pod shop/debug-lost-2 on prod is already gone' });
    expect(h.fake.mutations().filter((r) => r.method === 'DELETE')).toHaveLength(5);
  });
});

describe('run-guard', () => {
  const LIMITS = JSON.stringify({ tenant: { perCaller: { runs: 1, window: '1h' } } });
  const labels = { 'opsflow.io/role': 'tenant', 'workflows.argoproj.io/creator': 'lena' };
  const guard = (name: string) =>
    h.run(runGuard, {
      namespace: 'opsflow',
      workflow: name,
      action: 'openshift-workload-delete',
      limits: LIMITS,
      approvals: '{}',
    });
  const counted = () =>
    JSON.parse(
      h.fake.object('ConfigMap', 'opsflow', runsConfigMapName('openshift-workload-delete', 'lena')).data.runs,
    ).map((run: { workflow: string }) => run.workflow);

  beforeAll(() => {
    for (const name of ['guard-1', 'guard-2']) {
      h.fake.add({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { name, namespace: 'opsflow', labels },
      });
    }
  });

  test('applied, answer lost (the ConfigMap created), exit 75, step run again: the run counted once, not refused', async () => {
    h.fake.fail('POST', '/api/v1/namespaces/opsflow/configmaps', { loseResponse: true });
    const first = await guard('guard-1');
    expect(first.error).toMatchObject({ exitCode: 75 });
    const again = await guard('guard-1');
    expect(again.error).toBeUndefined();
    expect(again.result?.message).toBe('lena (role tenant): run of openshift-workload-delete counted');
    expect(counted()).toEqual(['guard-1']);
    // The limit (1 run) still holds for another Workflow.
    expect((await guard('guard-2')).error).toMatchObject({ exitCode: 3 });
  });
});
