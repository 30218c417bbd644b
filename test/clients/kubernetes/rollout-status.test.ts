import { expect, test } from '@jest/globals';
import type { Workload } from '../../../src/clients/kubernetes/resources.js';
import { rolloutStatus } from '../../../src/clients/kubernetes/rollout-status.js';

// The conditions and wording of `kubectl rollout status` (kubectl/pkg/polymorphichelpers/rollout_status.go).
const workload = (spec: Workload['spec'], status: Workload['status'], generation = 2): Workload => ({
  metadata: { name: 'w', namespace: 'ns', generation },
  spec,
  status,
});

test.each([
  [{ replicas: 3 }, { observedGeneration: 1 }, 'Waiting for deployment spec update to be observed...'],
  [
    { replicas: 3 },
    { observedGeneration: 2, updatedReplicas: 1, replicas: 3 },
    'Waiting for rollout "w" to finish: 1 out of 3 new replicas have been updated...',
  ],
  [
    { replicas: 3 },
    { observedGeneration: 2, updatedReplicas: 3, replicas: 4 },
    'Waiting for rollout "w" to finish: 1 old replicas are pending termination...',
  ],
  [
    { replicas: 3 },
    { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 },
    'Waiting for rollout "w" to finish: 2 of 3 updated replicas are available...',
  ],
])('Deployment %j %j waits: %s', (spec, status, message) => {
  expect(rolloutStatus('Deployment', workload(spec, status))).toEqual({ done: false, message });
});

test('Deployment done, and a progress deadline exceeded is a precondition failure', () => {
  const status = { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 };
  expect(rolloutStatus('Deployment', workload({ replicas: 3 }, status))).toEqual({
    done: true,
    message: 'deployment "w" successfully rolled out',
  });
  const stalled = {
    ...status,
    conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
  };
  expect(() => rolloutStatus('Deployment', workload({ replicas: 3 }, stalled))).toThrow(
    expect.objectContaining({ exitCode: 3, message: 'deployment "w" exceeded its progress deadline' }),
  );
});

test('StatefulSet: ready replicas, then the partition, then the revisions', () => {
  const spec = { replicas: 3 };
  expect(rolloutStatus('StatefulSet', workload(spec, { observedGeneration: 2, readyReplicas: 1 })).message).toBe(
    'Waiting for 2 pods to be ready...',
  );
  const partitioned = { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
  expect(
    rolloutStatus(
      'StatefulSet',
      workload(partitioned, { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 }),
    ),
  ).toEqual({
    done: true,
    message: 'partitioned roll out complete: 1 new pods have been updated...',
  });
  expect(
    rolloutStatus(
      'StatefulSet',
      workload(spec, {
        observedGeneration: 2,
        readyReplicas: 3,
        updatedReplicas: 1,
        currentRevision: 'a',
        updateRevision: 'b',
      }),
    ),
  ).toEqual({ done: false, message: 'waiting for statefulset rolling update to complete 1 pods at revision b...' });
});

test('DaemonSet: updated, then available, then done; OnDelete cannot be followed', () => {
  const spec = {};
  expect(
    rolloutStatus(
      'DaemonSet',
      workload(spec, {
        observedGeneration: 2,
        desiredNumberScheduled: 4,
        updatedNumberScheduled: 4,
        numberAvailable: 3,
      }),
    ),
  ).toEqual({ done: false, message: 'Waiting for rollout "w" to finish: 3 of 4 updated pods are available...' });
  expect(
    rolloutStatus(
      'DaemonSet',
      workload(spec, {
        observedGeneration: 2,
        desiredNumberScheduled: 4,
        updatedNumberScheduled: 4,
        numberAvailable: 4,
      }),
    ).done,
  ).toBe(true);
  expect(() => rolloutStatus('DaemonSet', workload({ updateStrategy: { type: 'OnDelete' } }, {}))).toThrow(/OnDelete/);
});
