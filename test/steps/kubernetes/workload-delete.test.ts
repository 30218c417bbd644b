import { afterAll, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { workloadDelete } from '../../../src/steps/kubernetes/workload-delete.js';
import { Harness, pod } from './harness.js';

jest.setTimeout(20_000);

const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
});

const job = (name: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'batch' },
  spec: { template: { spec: { containers: [{ name: 'run', image: 'busybox' }], restartPolicy: 'Never' } } },
});

test('deletes an allowed kind in the background, guarded by the uid it read', async () => {
  const { metadata } = h.fake.add(job('report-1'));
  const run = await h.run(workloadDelete, { namespace: 'batch', kind: 'Job', name: 'report-1' });

  expect(run.result).toEqual({
    outcome: 'changed',
    message: 'deleted Job batch/report-1 on prod',
    details: { uid: metadata.uid },
  });
  expect(h.fake.mutations()).toEqual([
    {
      method: 'DELETE',
      path: '/apis/batch/v1/namespaces/batch/jobs/report-1',
      query: {},
      contentType: 'application/json',
      authorization: `Bearer ${h.fake.token}`,
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: 'Background',
        preconditions: { uid: metadata.uid },
      },
    },
  ]);
  expect(h.fake.object('Job', 'batch', 'report-1')).toBeUndefined();
});

test('an object already gone is outcome unchanged, with no DELETE', async () => {
  const run = await h.run(workloadDelete, { namespace: 'batch', kind: 'Job', name: 'gone' });
  expect(run.result).toEqual({ outcome: 'unchanged', message: 'Job batch/gone on prod is already gone' });
  expect(h.fake.mutations()).toEqual([]);
});

test('a kind outside OPSFLOW_DELETABLE_KINDS is refused (exit 3) naming the kind and the allowed ones', async () => {
  const run = await h.run(
    workloadDelete,
    { namespace: 'shop', kind: 'Deployment', name: 'web' },
    { env: { OPSFLOW_DELETABLE_KINDS: 'Pod,Job' } },
  );
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toBe(
    'kind Deployment may not be deleted on this site; deletable kinds: Pod, Job (kubernetes.deletableKinds)',
  );
  expect(h.fake.requests).toEqual([]);
});

test('without OPSFLOW_DELETABLE_KINDS the site default (Pod, Job) applies', async () => {
  const run = await h.run(workloadDelete, { namespace: 'shop', kind: 'CronJob', name: 'nightly' });
  expect(run.error?.message).toContain('deletable kinds: Pod, Job');
  expect(h.fake.requests).toEqual([]);
});

test('a site allowing no kind (deletableKinds: [], rendered as an empty OPSFLOW_DELETABLE_KINDS) deletes nothing', async () => {
  h.fake.add(pod('stray', { namespace: 'shop' }));
  const run = await h.run(
    workloadDelete,
    { namespace: 'shop', kind: 'Pod', name: 'stray' },
    { env: { OPSFLOW_DELETABLE_KINDS: '' } },
  );
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toBe(
    'kind Pod may not be deleted on this site; deletable kinds: none (kubernetes.deletableKinds)',
  );
  expect(h.fake.requests).toEqual([]);
});

test('a site allowing Deployments can delete one', async () => {
  h.fake.add({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'old', namespace: 'shop' }, spec: {} });
  const run = await h.run(
    workloadDelete,
    { namespace: 'shop', kind: 'Deployment', name: 'old' },
    { env: { OPSFLOW_DELETABLE_KINDS: 'Pod, Deployment' } },
  );
  expect(run.result?.outcome).toBe('changed');
  expect(h.fake.mutations().map((r) => `${r.method} ${r.path}`)).toEqual([
    'DELETE /apis/apps/v1/namespaces/shop/deployments/old',
  ]);
});

test('a malformed OPSFLOW_DELETABLE_KINDS is invalid input (exit 2) naming the value', async () => {
  const run = await h.run(
    workloadDelete,
    { namespace: 'shop', kind: 'Pod', name: 'x' },
    { env: { OPSFLOW_DELETABLE_KINDS: 'Pod,Secret' } },
  );
  expect(run.error).toMatchObject({ name: 'InvalidInputError', exitCode: 2 });
  expect(run.error?.message).toContain('OPSFLOW_DELETABLE_KINDS lists "Secret"');
});

test('a kind the schema does not know is rejected before anything runs', () => {
  const parsed = workloadDelete.input.safeParse({ cluster: 'prod', namespace: 'shop', kind: 'Secret', name: 'x' });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues[0]?.path).toEqual(['kind']);
});

test('dry-run reads and deletes nothing', async () => {
  h.fake.add(pod('debug-1'));
  const run = await h.run(workloadDelete, { namespace: 'shop', kind: 'Pod', name: 'debug-1' }, { dryRun: true });
  expect(run.result).toMatchObject({ outcome: 'dry-run', message: 'would delete Pod shop/debug-1 on prod' });
  expect(h.fake.mutations()).toEqual([]);
  expect(h.fake.object('Pod', 'shop', 'debug-1')).toBeDefined();
});

test('a uid precondition conflict (re-created meanwhile) is exit 3, not retried', async () => {
  h.fake.add(pod('debug-2'));
  h.fake.fail('DELETE', '/api/v1/namespaces/shop/pods/debug-2', {
    status: 409,
    reason: 'Conflict',
    message: 'Precondition failed: UID in precondition: a, UID in object meta: b',
  });
  const run = await h.run(workloadDelete, { namespace: 'shop', kind: 'Pod', name: 'debug-2' });
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toContain('Precondition failed');
  expect(h.fake.mutations()).toHaveLength(1);
});

test('a reset connection and a 502 on DELETE are retried; the retried DELETE succeeds', async () => {
  h.fake.add(pod('debug-3'));
  h.fake.fail('DELETE', '/api/v1/namespaces/shop/pods/debug-3', { reset: true }, { status: 502 });
  const run = await h.run(workloadDelete, { namespace: 'shop', kind: 'Pod', name: 'debug-3' });
  expect(run.result?.outcome).toBe('changed');
  expect(h.fake.mutations()).toHaveLength(3);
});

test('a DELETE that finds the object gone after a retry is unchanged, not an error', async () => {
  h.fake.add(pod('debug-4'));
  // The first DELETE is lost on the way back (the server deleted it); the retry then gets 404.
  h.fake.fail('DELETE', '/api/v1/namespaces/shop/pods/debug-4', { status: 503 }, { status: 404, reason: 'NotFound' });
  const run = await h.run(workloadDelete, { namespace: 'shop', kind: 'Pod', name: 'debug-4' });
  expect(run.result).toMatchObject({ outcome: 'unchanged', message: 'Pod shop/debug-4 on prod is already gone' });
});
