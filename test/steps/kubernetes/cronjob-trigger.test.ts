import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { cronJobTrigger } from '../../../src/steps/kubernetes/cronjob-trigger.js';
import { Harness } from './harness.js';

jest.setTimeout(20_000);

const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
  h.fake.jobOutcome = 'Complete';
});

const jobSpec = {
  backoffLimit: 2,
  template: {
    spec: { containers: [{ name: 'report', image: 'reports:3', args: ['--daily'] }], restartPolicy: 'OnFailure' },
  },
};
const cronJob = (name: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'batch', labels: { team: 'finance' } },
  spec: {
    schedule: '0 3 * * *',
    jobTemplate: {
      metadata: { labels: { app: 'report' }, annotations: { 'owner.example.com/team': 'finance' } },
      spec: jobSpec,
    },
  },
});

test('creates the Job kubectl create job --from=cronjob creates, named <cronjob>-manual-<suffix>', async () => {
  const { metadata } = h.fake.add(cronJob('daily-report'));
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'daily-report' });

  expect(run.error).toBeUndefined();
  const [create, ...others] = h.fake.mutations();
  expect(others).toEqual([]);
  const jobName = readFileSync(join(run.outputDir, 'jobName'), 'utf8');
  expect(jobName).toMatch(/^daily-report-manual-[0-9a-f]{5}$/);
  expect(create).toEqual({
    method: 'POST',
    path: '/apis/batch/v1/namespaces/batch/jobs',
    query: {},
    contentType: 'application/json',
    authorization: `Bearer ${h.fake.token}`,
    body: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: 'batch',
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', 'owner.example.com/team': 'finance' },
        labels: { app: 'report' },
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'CronJob', name: 'daily-report', uid: metadata.uid, controller: true },
        ],
      },
      spec: jobSpec,
    },
  });
  expect(h.fake.object('Job', 'batch', jobName)).toBeDefined();
  expect(run.result?.outcome).toBe('changed');
});

test('a given job name is used as is; waiting reports progress until Complete', async () => {
  h.fake.add(cronJob('cleanup'));
  const run = await h.run(cronJobTrigger, {
    namespace: 'batch',
    cronJob: 'cleanup',
    jobName: 'cleanup-now',
    wait: true,
  });
  expect(run.result?.message).toBe('created Job batch/cleanup-now from CronJob batch/cleanup on prod; it completed');
  expect(run.logs.filter((l) => l.event === 'waiting').map((l) => l.message)).toEqual([
    'active 1, succeeded 0, failed 0',
  ]);
  expect(run.logs.find((l) => l.event === 'wait-done')?.message).toBe('complete (active 0, succeeded 1, failed 0)');
});

test('a Job that fails is exit 3 with the reason', async () => {
  h.fake.add(cronJob('flaky'));
  h.fake.jobOutcome = 'Failed';
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'flaky', jobName: 'flaky-1', wait: true });
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toBe(
    'Job batch/flaky-1 failed: BackoffLimitExceeded Job has reached the specified backoff limit',
  );
});

test('a Job that does not finish in time is exit 75', async () => {
  h.fake.add(cronJob('slow'));
  h.fake.controllers = 'stuck';
  try {
    const run = await h.run(cronJobTrigger, {
      namespace: 'batch',
      cronJob: 'slow',
      jobName: 'slow-1',
      wait: true,
      timeoutSeconds: 1,
    });
    expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
    expect(run.error?.message).toBe(
      'timed out after 1s waiting for completion of Job batch/slow-1: active 0, succeeded 0, failed 0',
    );
  } finally {
    h.fake.controllers = 'progress';
  }
});

test('in a workflow the default name comes from ARGO_WORKFLOW_NAME: a retry after a timed-out wait finds its Job, not a second one', async () => {
  h.fake.add(cronJob('nightly'));
  const env = { ARGO_WORKFLOW_NAME: 'run-nightly-x7k2p' };
  h.fake.controllers = 'stuck';
  let first: Awaited<ReturnType<typeof h.run>>;
  try {
    first = await h.run(
      cronJobTrigger,
      { namespace: 'batch', cronJob: 'nightly', wait: true, timeoutSeconds: 1 },
      { env },
    );
  } finally {
    h.fake.controllers = 'progress';
  }
  expect(first.error).toMatchObject({ exitCode: 75 });
  const jobName = readFileSync(join(first.outputDir, 'jobName'), 'utf8');
  expect(jobName).toMatch(/^nightly-manual-[0-9a-f]{5}$/);

  const retry = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'nightly', wait: true }, { env });

  expect(retry.error).toBeUndefined();
  expect(retry.result).toMatchObject({ outcome: 'unchanged', details: { jobName } });
  expect(
    h.fake.requests
      .filter((r) => r.method === 'POST')
      .map((r) => (r.body as { metadata: { name: string } }).metadata.name),
  ).toEqual([jobName, jobName]);
  const other = await h.run(
    cronJobTrigger,
    { namespace: 'batch', cronJob: 'nightly' },
    { env: { ARGO_WORKFLOW_NAME: 'run-nightly-b8m3q' } },
  );
  expect(readFileSync(join(other.outputDir, 'jobName'), 'utf8')).not.toBe(jobName);
});

test('a missing CronJob is exit 3 and creates nothing', async () => {
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'missing' });
  expect(run.error).toMatchObject({ name: 'NotFoundError', exitCode: 3 });
  expect(run.error?.message).toContain('read CronJob batch/missing');
  expect(h.fake.mutations()).toEqual([]);
});

test('a Job name taken by another Job is exit 3', async () => {
  h.fake.add(cronJob('dup'));
  h.fake.add({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'dup-1', namespace: 'batch' }, spec: {} });
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'dup', jobName: 'dup-1' });
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toBe('Job batch/dup-1 already exists and was not created from CronJob batch/dup');
});

test('a create whose answer was lost is retried; the 409 for the Job it made counts as done', async () => {
  h.fake.add(cronJob('lossy'));
  h.fake.fail('POST', '/apis/batch/v1/namespaces/batch/jobs', { loseResponse: true });
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'lossy', jobName: 'lossy-1', wait: true });
  expect(run.result).toMatchObject({
    outcome: 'unchanged',
    message: 'Job batch/lossy-1 from CronJob batch/lossy already exists on prod; it completed',
  });
  expect(h.fake.mutations().map((r) => r.method)).toEqual(['POST', 'POST']);
  expect(h.fake.objectsOf('Job', 'batch').filter((j) => j.metadata.name === 'lossy-1')).toHaveLength(1);
  expect(run.logs.filter((l) => l.event === 'retry').map((l) => l.reason)).toEqual(['network']);
});

test('a 503 on create is retried (same name, so never two Jobs)', async () => {
  h.fake.add(cronJob('retry'));
  h.fake.fail('POST', '/apis/batch/v1/namespaces/batch/jobs', { status: 503, retryAfterSeconds: 0 });
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: 'retry', jobName: 'retry-1' });
  expect(run.result?.outcome).toBe('changed');
  expect(h.fake.mutations()).toHaveLength(2);
  expect(h.fake.objectsOf('Job', 'batch').filter((j) => j.metadata.name === 'retry-1')).toHaveLength(1);
});

test('dry-run shows the Job it would create (metadata and images, never the spec) and creates nothing', async () => {
  const withPassword = cronJob('preview');
  (withPassword.spec.jobTemplate as { spec: unknown }).spec = {
    ...jobSpec,
    template: {
      spec: {
        ...jobSpec.template.spec,
        containers: [
          { ...jobSpec.template.spec.containers[0]!, env: [{ name: 'DB_PASSWORD', value: 'hunter2-plain' }] },
        ],
      },
    },
  };
  h.fake.add(withPassword);
  const run = await h.run(
    cronJobTrigger,
    { namespace: 'batch', cronJob: 'preview', jobName: 'preview-1' },
    { dryRun: true },
  );
  expect(run.result).toEqual({
    outcome: 'dry-run',
    message: 'would create Job batch/preview-1 from CronJob batch/preview on prod',
    details: {
      job: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'preview-1',
          namespace: 'batch',
          annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', 'owner.example.com/team': 'finance' },
          labels: { app: 'report' },
          ownerReferences: [expect.objectContaining({ kind: 'CronJob', name: 'preview', controller: true })],
        },
      },
      containers: [{ name: 'report', image: 'reports:3' }],
    },
  });
  expect(JSON.stringify(run.result)).not.toContain('hunter2-plain');
  expect(h.fake.mutations()).toEqual([]);
});

test('a long CronJob name is shortened so the Job name stays a 63-character label value', async () => {
  const long = 'x'.repeat(60);
  h.fake.add(cronJob(long));
  const run = await h.run(cronJobTrigger, { namespace: 'batch', cronJob: long }, { dryRun: true });
  const job = run.result?.details?.job as { metadata: { name: string } } | undefined;
  const name = job?.metadata.name ?? '';
  expect(name).toHaveLength(63);
  expect(name).toMatch(/^x+-manual-[0-9a-f]{5}$/);
});
