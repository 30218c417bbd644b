import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { nodeConditions } from '../../../src/steps/kubernetes/node-conditions.js';
import { podStatus } from '../../../src/steps/kubernetes/pod-status.js';
import { rolloutStatusStep } from '../../../src/steps/kubernetes/rollout-status.js';
import { deployment, Harness, pod } from './harness.js';

jest.setTimeout(20_000);

const h = new Harness();
const output = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

function crashing(name: string, owner?: { kind: string; name: string; uid: string }) {
  const object = pod(name, { labels: { app: 'web' }, owner, containers: ['app', 'proxy'] });
  return {
    ...object,
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'proxy', ready: true, restartCount: 0, state: { running: { startedAt: '2026-12-01T10:00:00Z' } } },
        {
          name: 'app',
          ready: false,
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
          lastState: { terminated: { reason: 'Error', exitCode: 3, finishedAt: '2026-12-01T10:20:00Z' } },
        },
      ],
    },
  };
}

function event(name: string, involved: string, reason: string, at: string, count: number, type = 'Warning') {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'shop' },
    involvedObject: { kind: 'Pod', name: involved, namespace: 'shop' },
    type,
    reason,
    message: `${reason} of ${involved}`,
    count,
    lastTimestamp: at,
  };
}

beforeAll(async () => {
  await h.start();
  h.fake.add({ ...deployment('web'), status: { ...deployment('web').status, availableReplicas: 2 } });
  h.fake.add({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'web-5d9c',
      namespace: 'shop',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }],
    },
    spec: {},
  });
  h.fake.add(crashing('web-5d9c-aaaaa', { kind: 'ReplicaSet', name: 'web-5d9c', uid: 'rs-1' }));
  h.fake.add(crashing('lonely'));
  h.fake.add(event('e2', 'web-5d9c-aaaaa', 'BackOff', '2026-12-01T10:21:00Z', 12));
  h.fake.add(event('e1', 'web-5d9c-aaaaa', 'Started', '2026-12-01T10:00:00Z', 8, 'Normal'));
  h.fake.add(event('e3', 'other-pod', 'FailedMount', '2026-12-01T10:05:00Z', 1));
  h.fake.setLogs(
    'shop',
    'web-5d9c-aaaaa',
    'app',
    'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space\n',
    {
      previous: true,
    },
  );
});
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
});

test('pod-status: containers, last termination, the pod`s own events in time order and its crashed log tail', async () => {
  const run = await h.run(podStatus, { namespace: 'shop', pod: 'web-5d9c-aaaaa', tailLines: 5 });

  expect(run.error).toBeUndefined();
  expect(output(run.outputDir, 'phase')).toBe('Running');
  expect(JSON.parse(output(run.outputDir, 'containers'))).toEqual([
    { name: 'proxy', ready: true, restartCount: 0, state: 'running', lastTermination: '' },
    {
      name: 'app',
      ready: false,
      restartCount: 7,
      state: 'waiting: CrashLoopBackOff',
      lastTermination: 'Error, exit 3',
    },
  ]);
  expect(output(run.outputDir, 'lastTermination')).toBe('app: Error, exit 3');
  expect(output(run.outputDir, 'events')).toBe(
    'Normal Started (x8): Started of web-5d9c-aaaaa\nWarning BackOff (x12): BackOff of web-5d9c-aaaaa',
  );
  expect(output(run.outputDir, 'logTail')).toBe(
    'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space\n',
  );
  expect(h.fake.requests.map((r) => [r.method, r.path, r.query])).toEqual([
    ['GET', '/api/v1/namespaces/shop/pods/web-5d9c-aaaaa', {}],
    [
      'GET',
      '/api/v1/namespaces/shop/events',
      { fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=web-5d9c-aaaaa' },
    ],
    [
      'GET',
      '/api/v1/namespaces/shop/pods/web-5d9c-aaaaa/log',
      { container: 'app', previous: 'true', tailLines: '5', limitBytes: '4096' },
    ],
  ]);
  expect(run.result).toMatchObject({
    outcome: 'unchanged',
    message: 'Pod shop/web-5d9c-aaaaa is Running; app restarted 7 times; 2 event(s)',
  });
});

test('pod-status: a crashed log the kubelet no longer has is a note; a missing pod exits 3', async () => {
  const run = await h.run(podStatus, { namespace: 'shop', pod: 'lonely' });
  expect(run.error).toBeUndefined();
  expect(output(run.outputDir, 'logTail')).toBe(
    '(no previous log: previous terminated container "app" in pod "lonely" not found)',
  );
  expect(output(run.outputDir, 'events')).toBe('');

  const missing = await h.run(podStatus, { namespace: 'shop', pod: 'gone' });
  expect(missing.error?.exitCode).toBe(3);
});

test('rollout-status: a pod of a ReplicaSet is the Deployment`s; its rollout status is the one workload-restart waits on', async () => {
  const run = await h.run(rolloutStatusStep, { namespace: 'shop', pod: 'web-5d9c-aaaaa' });

  expect(run.error).toBeUndefined();
  expect(output(run.outputDir, 'kind')).toBe('Deployment');
  expect(output(run.outputDir, 'name')).toBe('web');
  expect(output(run.outputDir, 'status')).toBe(
    'Waiting for rollout "web" to finish: 2 of 3 updated replicas are available...',
  );
  expect(output(run.outputDir, 'done')).toBe('false');
  expect(h.fake.requests.map((r) => r.path)).toEqual([
    '/api/v1/namespaces/shop/pods/web-5d9c-aaaaa',
    '/apis/apps/v1/namespaces/shop/replicasets/web-5d9c',
    '/apis/apps/v1/namespaces/shop/deployments/web',
  ]);
  expect(h.fake.requests.every((r) => r.method === 'GET')).toBe(true);
});

test('rollout-status: a pod no workload owns is a finding with an empty kind, not a failure', async () => {
  const run = await h.run(rolloutStatusStep, { namespace: 'shop', pod: 'lonely' });
  expect(run.error).toBeUndefined();
  expect(output(run.outputDir, 'kind')).toBe('');
  expect(output(run.outputDir, 'status')).toBe('Pod shop/lonely is owned by no Deployment, StatefulSet or DaemonSet');
});

test('node-conditions: the pod`s node, every condition, and the unhealthy ones (a cordon too)', async () => {
  h.fake.add({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'worker-3' },
    spec: { unschedulable: true },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'low memory' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
      ],
    },
  });
  const scheduled = crashing('on-worker-3');
  h.fake.add({ ...scheduled, spec: { ...scheduled.spec, nodeName: 'worker-3' } });

  const run = await h.run(nodeConditions, { namespace: 'shop', pod: 'on-worker-3' });
  expect(run.error).toBeUndefined();
  expect(output(run.outputDir, 'node')).toBe('worker-3');
  expect(output(run.outputDir, 'conditions')).toBe(
    [
      'MemoryPressure=True (KubeletHasInsufficientMemory: low memory)',
      'DiskPressure=False (KubeletHasNoDiskPressure)',
      'Ready=True (KubeletReady)',
    ].join('\n'),
  );
  expect(output(run.outputDir, 'problems')).toBe(
    'MemoryPressure=True (KubeletHasInsufficientMemory: low memory)\ncordoned (spec.unschedulable)',
  );
  expect(h.fake.requests.map((r) => [r.method, r.path])).toEqual([
    ['GET', '/api/v1/namespaces/shop/pods/on-worker-3'],
    ['GET', '/api/v1/nodes/worker-3'],
  ]);

  const pending = await h.run(nodeConditions, { namespace: 'shop', pod: 'lonely' });
  expect(pending.error).toBeUndefined();
  expect(output(pending.outputDir, 'node')).toBe('');
  expect(pending.result?.message).toBe('Pod shop/lonely is not scheduled on a node yet');
});
