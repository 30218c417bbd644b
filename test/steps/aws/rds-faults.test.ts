import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { resolveAwsSettings } from '../../../src/clients/aws/config.js';
import { Rds } from '../../../src/clients/aws/rds.js';
import { rdsReboot } from '../../../src/steps/aws/rds-reboot.js';
import { rdsSnapshot } from '../../../src/steps/aws/rds-snapshot.js';
import { rdsStart } from '../../../src/steps/aws/rds-start.js';
import { rdsStop } from '../../../src/steps/aws/rds-stop.js';
import { FakeRds } from '../../fakes/aws/fake-rds.js';
import { FAST_WAIT, runStep, startFakeRds } from './harness.js';

// Throttling backs off from a 1 s base (the SDK's standard mode), so exhausting 3 attempts can take a few seconds.
jest.setTimeout(30_000);

let fake: FakeRds;
let env: Record<string, string>;

beforeEach(async () => {
  ({ fake, env } = await startFakeRds());
  fake.addInstance({ id: 'orders-db' });
});
afterEach(() => fake.stop());

const rebootInput = { instance: 'orders-db', ...FAST_WAIT };

describe('SDK retries against the fake RDS', () => {
  it('retries a throttled call and then succeeds', async () => {
    fake.inject({ kind: 'throttle' }, 2, 'DescribeDBInstances');

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.actions().slice(0, 4)).toEqual([
      'DescribeDBInstances',
      'DescribeDBInstances',
      'DescribeDBInstances',
      'RebootDBInstance',
    ]);
  });

  it('exits 75 once throttling outlasts AWS_MAX_ATTEMPTS', async () => {
    fake.inject({ kind: 'throttle' }, 100);

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.error?.exitCode).toBe(75);
    expect(run.error?.message).toBe(
      'DescribeDBInstances orders-db: Throttling (HTTP 400): Rate exceeded after 3 attempts',
    );
    expect(fake.actions()).toEqual(['DescribeDBInstances', 'DescribeDBInstances', 'DescribeDBInstances']);
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('retries throttling in adaptive mode too', async () => {
    fake.inject({ kind: 'throttle' }, 1, 'RebootDBInstance');

    const run = await runStep(rdsReboot, rebootInput, { env: { ...env, AWS_RETRY_MODE: 'adaptive' } });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.actions().filter((a) => a === 'RebootDBInstance')).toHaveLength(2);
  });

  it.each([500, 503] as const)('retries HTTP %i and then succeeds', async (status) => {
    fake.inject({ kind: 'status', status }, 2, 'RebootDBInstance');

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.actions().filter((a) => a === 'RebootDBInstance')).toHaveLength(3);
    expect(fake.instanceStatus('orders-db')).toBe('available');
  });

  it('exits 75 when the service keeps answering 503', async () => {
    fake.inject({ kind: 'status', status: 503 }, 100, 'DescribeDBInstances');

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.error?.exitCode).toBe(75);
    expect(run.error?.message).toMatch(/^DescribeDBInstances orders-db: \w+ \(HTTP 503\): .* after 3 attempts$/);
  });

  it('retries a connection reset and then succeeds', async () => {
    fake.inject({ kind: 'reset' }, 1, 'DescribeDBInstances');

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.actions()[0]).toBe('DescribeDBInstances');
    expect(fake.actions()[1]).toBe('DescribeDBInstances');
  });

  it('exits 75 when every connection is reset', async () => {
    fake.inject({ kind: 'reset' }, 100);

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.error?.exitCode).toBe(75);
    expect(run.error?.message).toMatch(/^DescribeDBInstances orders-db: /);
    expect(fake.actions()).toHaveLength(3);
  });
});

describe('a change whose answer was lost (the SDK repeats a call that worked)', () => {
  // The repeat meets the first attempt's work (InvalidDBInstanceState, DBSnapshotAlreadyExists): that is the change
  // the step asked for, not a precondition failure.
  it('rds-reboot: the repeated reboot finds the instance rebooting; changed, not exit 3', async () => {
    fake.inject({ kind: 'lose-answer' }, 1, 'RebootDBInstance');

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ outcome: 'changed', details: { status: 'available' } });
    expect(fake.actions().filter((a) => a === 'RebootDBInstance')).toHaveLength(2);
    expect(run.logs.find((l) => l.event === 'accepted-despite-retry')).toMatchObject({
      operation: 'RebootDBInstance orders-db',
      status: 'rebooting',
    });
  });

  it('rds-start: the repeated start finds the instance starting', async () => {
    fake.addInstance({ id: 'reports-db', status: 'stopped' });
    fake.inject({ kind: 'lose-answer' }, 1, 'StartDBInstance');

    const run = await runStep(rdsStart, { instance: 'reports-db', ...FAST_WAIT }, { env });

    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ outcome: 'changed', details: { status: 'available' } });
    expect(fake.actions().filter((a) => a === 'StartDBInstance')).toHaveLength(2);
  });

  it('rds-stop: the repeated stop finds the instance stopping, and its snapshot taken', async () => {
    fake.inject({ kind: 'lose-answer' }, 1, 'StopDBInstance');

    const run = await runStep(
      rdsStop,
      { instance: 'orders-db', snapshotIdentifier: 'before-stop', ...FAST_WAIT },
      { env },
    );

    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ outcome: 'changed', details: { status: 'stopped' } });
    expect(run.outputs.snapshotArn).toBe('arn:aws:rds:eu-west-1:123456789012:snapshot:before-stop');
  });

  it('rds-snapshot: the repeated create finds the snapshot of this instance', async () => {
    fake.inject({ kind: 'lose-answer' }, 1, 'CreateDBSnapshot');

    const run = await runStep(
      rdsSnapshot,
      { instance: 'orders-db', snapshotIdentifier: 'nightly', ...FAST_WAIT },
      { env },
    );

    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({
      outcome: 'changed',
      details: { snapshotIdentifier: 'nightly', status: 'available' },
    });
    expect(fake.actions().filter((a) => a === 'CreateDBSnapshot')).toHaveLength(2);
  });
});

describe('errors the step does not know by name', () => {
  // Common errors of every AWS Query API (AWS "Common Errors" reference): a client fault is final, not a bug.
  it.each([
    [403, 'OptInRequired', 'The AWS access key ID needs a subscription for the service.'],
    [400, 'IncompleteSignature', 'The request signature does not conform to AWS standards.'],
  ])('HTTP %i %s is exit 3 naming the code, not an unexpected error', async (status, code, message) => {
    fake.inject({ kind: 'error', status, code, message }, 1, 'DescribeDBInstances');

    const run = await runStep(rdsReboot, rebootInput, { env });

    expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
    expect(run.error?.message).toBe(`DescribeDBInstances orders-db: ${code} (HTTP ${status}): ${message}`);
    expect(fake.mutatingRequests()).toEqual([]);
  });
});

describe('Rds client', () => {
  const client = (overrides: Partial<ConstructorParameters<typeof Rds>[0]> = {}) =>
    new Rds({ ...resolveAwsSettings('rds', env), ...overrides });

  it('gives up on a slow answer after the request timeout and retries it', async () => {
    fake.inject({ kind: 'delay', ms: 1500 }, 1, 'DescribeDBInstances');
    const rds = client({ requestTimeoutMs: 200 });
    try {
      const started = Date.now();
      const instance = await rds.describeInstance('orders-db');
      expect(instance.DBInstanceStatus).toBe('available');
      expect(Date.now() - started).toBeLessThan(1500);
      expect(fake.actions()).toEqual(['DescribeDBInstances', 'DescribeDBInstances']);
    } finally {
      rds.destroy();
    }
  });

  it('exits 75 when every answer is too slow', async () => {
    fake.inject({ kind: 'delay', ms: 1000 }, 100);
    const rds = client({ requestTimeoutMs: 100, maxAttempts: 2 });
    try {
      await expect(rds.describeInstance('orders-db')).rejects.toMatchObject({ exitCode: 75 });
    } finally {
      rds.destroy();
    }
  });

  it('maps InvalidDBInstanceState (HTTP 400) to exit 3', async () => {
    const rds = client();
    try {
      await expect(rds.startInstance('orders-db')).rejects.toMatchObject({
        exitCode: 3,
        message:
          'StartDBInstance orders-db: InvalidDBInstanceStateFault (HTTP 400): Instance orders-db is not in stopped state.',
      });
    } finally {
      rds.destroy();
    }
  });

  it('maps DBSnapshotAlreadyExists to exit 3 and a missing snapshot to undefined', async () => {
    fake.addSnapshot({ id: 'taken', instance: 'orders-db' });
    const rds = client();
    try {
      await expect(rds.createSnapshot('orders-db', 'taken')).rejects.toMatchObject({
        exitCode: 3,
        message: expect.stringContaining('DBSnapshotAlreadyExistsFault (HTTP 400)'),
      });
      expect(await rds.findSnapshot('never-taken')).toBeUndefined();
      expect(fake.requests.at(-1)?.params).toEqual({
        Action: 'DescribeDBSnapshots',
        Version: '2014-10-31',
        DBSnapshotIdentifier: 'never-taken',
      });
    } finally {
      rds.destroy();
    }
  });

  it('maps a parameter the service rejects (InvalidParameterCombination) to exit 2', async () => {
    const rds = client();
    try {
      await expect(rds.rebootInstance('orders-db', true)).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringContaining('InvalidParameterCombination'),
      });
    } finally {
      rds.destroy();
    }
  });
});

describe('configuration', () => {
  it('takes the region from the input over AWS_REGION and signs for it', async () => {
    const run = await runStep(
      rdsStart,
      { instance: 'orders-db', region: 'eu-west-1' },
      { env: { ...env, AWS_REGION: 'us-east-1' } },
    );

    expect(run.result?.outcome).toBe('unchanged');
    expect(fake.requests[0]?.authorization).toContain('/eu-west-1/rds/aws4_request');
  });

  it('is rejected by the service (exit 3) when signed for another region', async () => {
    const run = await runStep(rdsStart, { instance: 'orders-db', region: 'us-east-1' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toContain('SignatureDoesNotMatch (HTTP 403)');
  });

  it('is rejected by the service (exit 3) when the secret key is wrong', async () => {
    const strict = new FakeRds({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'another-secret' } });
    const endpoint = await strict.start();
    strict.addInstance({ id: 'orders-db' });
    try {
      const run = await runStep(
        rdsStart,
        { instance: 'orders-db' },
        { env: { ...env, AWS_ENDPOINT_URL_RDS: endpoint } },
      );
      expect(run.error?.exitCode).toBe(3);
      expect(run.error?.message).toBe(
        'DescribeDBInstances orders-db: SignatureDoesNotMatch (HTTP 403): The request signature we calculated does not match the signature you provided.',
      );
    } finally {
      await strict.stop();
    }
  });

  it('falls back to AWS_ENDPOINT_URL when no RDS-specific endpoint is set', async () => {
    const { AWS_ENDPOINT_URL_RDS: endpoint, ...rest } = env;
    const run = await runStep(
      rdsStart,
      { instance: 'orders-db' },
      { env: { ...rest, AWS_ENDPOINT_URL: endpoint ?? '' } },
    );

    expect(run.result?.outcome).toBe('unchanged');
  });

  it.each([
    [{ AWS_REGION: '' }, 'region: not set; pass --region or set AWS_REGION'],
    [{ AWS_REGION: 'Europe' }, 'region: must be an AWS region such as "eu-west-1", got "Europe"'],
    [{ AWS_ENDPOINT_URL_RDS: 'localhost:4566' }, 'AWS_ENDPOINT_URL_RDS: must be an http(s) URL, got "localhost:4566"'],
    [{ AWS_MAX_ATTEMPTS: 'many' }, 'AWS_MAX_ATTEMPTS: must be an integer from 1 to 10, got "many"'],
    [{ AWS_RETRY_MODE: 'legacy' }, 'AWS_RETRY_MODE: must be "standard" or "adaptive", got "legacy"'],
  ])('exits 2 for a bad environment %j', async (bad, message) => {
    const run = await runStep(rdsStart, { instance: 'orders-db' }, { env: { ...env, ...bad } });

    expect(run.error?.exitCode).toBe(2);
    expect(run.error?.message).toBe(message);
    expect(fake.requests).toEqual([]);
  });
});

describe('exit 75, step run again (Argo retries the same Workflow): the completed change is not made twice', () => {
  const workflow = { ARGO_WORKFLOW_NAME: 'aws-rds-reboot-4xk2q' };
  const slowWait = { pollIntervalSeconds: 0.01, timeoutSeconds: 1 };
  it.each([
    { step: rdsReboot, action: 'RebootDBInstance', status: 'available', input: {} },
    { step: rdsStart, action: 'StartDBInstance', status: 'stopped', input: {} },
    { step: rdsStop, action: 'StopDBInstance', status: 'available', input: { snapshotIdentifier: 'before-stop' } },
    { step: rdsSnapshot, action: 'CreateDBSnapshot', status: 'available', input: { snapshotIdentifier: 'nightly' } },
  ])('$action', async ({ step, action, status, input }) => {
    fake.addInstance({ id: 'slow-db', status, pollsToSettle: 1_000_000 });
    const first = await runStep(step, { instance: 'slow-db', ...input, ...slowWait }, { env: { ...env, ...workflow } });
    expect(first.error?.exitCode).toBe(75);
    fake.settleInstance('slow-db');

    const second = await runStep(
      step,
      { instance: 'slow-db', ...input, ...FAST_WAIT },
      { env: { ...env, ...workflow } },
    );

    expect(second.error).toBeUndefined();
    expect(second.result?.outcome).toBe('unchanged');
    expect(fake.actions().filter((a) => a === action)).toHaveLength(1);
  });

  it('rds-reboot tags the instance with the Workflow that rebooted it, and another Workflow reboots it again', async () => {
    await runStep(rdsReboot, rebootInput, { env: { ...env, ...workflow } });
    expect(fake.instanceTags('orders-db')).toEqual({ 'opsflow:rebooted-by-workflow': 'aws-rds-reboot-4xk2q' });

    const dry = await runStep(rdsReboot, rebootInput, { env: { ...env, ...workflow }, dryRun: true });
    expect(dry.result?.message).toBe(
      'would not reboot again: workflow aws-rds-reboot-4xk2q already rebooted DB instance orders-db (tag opsflow:rebooted-by-workflow)',
    );
    const other = await runStep(rdsReboot, rebootInput, {
      env: { ...env, ARGO_WORKFLOW_NAME: 'aws-rds-reboot-9zz9z' },
    });
    expect(other.result?.outcome).toBe('changed');
    expect(fake.actions().filter((a) => a === 'RebootDBInstance')).toHaveLength(2);
  });
});
