import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rdsReboot } from '../../../src/steps/aws/rds-reboot.js';
import type { FakeRds } from '../../fakes/aws/fake-rds.js';
import { FAST_WAIT, runStep, startFakeRds } from './harness.js';

let fake: FakeRds;
let env: Record<string, string>;

beforeEach(async () => {
  ({ fake, env } = await startFakeRds());
});
afterEach(() => fake.stop());

describe('rds-reboot', () => {
  it('sends RebootDBInstance as a signed Query request, then polls until the instance is available', async () => {
    fake.addInstance({ id: 'orders-db', status: 'available' });

    const run = await runStep(rdsReboot, { instance: 'orders-db', ...FAST_WAIT }, { env });

    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ outcome: 'changed', message: 'rebooted DB instance orders-db' });
    expect(fake.actions()).toEqual([
      'DescribeDBInstances',
      'RebootDBInstance',
      'DescribeDBInstances',
      'DescribeDBInstances',
    ]);
    const reboot = fake.requests[1];
    expect(reboot?.params).toEqual({
      Action: 'RebootDBInstance',
      Version: '2014-10-31',
      DBInstanceIdentifier: 'orders-db',
    });
    expect(reboot?.contentType).toBe('application/x-www-form-urlencoded');
    expect(reboot?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/rds\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(run.outputs).toEqual({
      status: 'available',
      instanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:orders-db',
    });
    const waits = run.logs.filter((line) => line.event === 'waiting' || line.event === 'wait-done');
    expect(waits.map((line) => line.status)).toEqual(['rebooting', 'available']);
    expect(waits[0]).toMatchObject({
      step: 'aws/rds-reboot',
      target: 'DB instance orders-db',
      resource: 'DB instance orders-db',
      wanted: 'available',
    });
  });

  it('fails over a Multi-AZ instance with ForceFailover=true', async () => {
    fake.addInstance({ id: 'orders-db', multiAZ: true });

    const run = await runStep(rdsReboot, { instance: 'orders-db', forceFailover: true, ...FAST_WAIT }, { env });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.requests.find((r) => r.action === 'RebootDBInstance')?.params).toMatchObject({ ForceFailover: 'true' });
  });

  it('refuses forceFailover on a single-AZ instance with exit 3 before sending the reboot', async () => {
    fake.addInstance({ id: 'orders-db', multiAZ: false });

    const run = await runStep(rdsReboot, { instance: 'orders-db', forceFailover: true }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'forceFailover: DB instance orders-db is not Multi-AZ, so it has no standby to fail over to',
    );
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('exits 3 naming the instance when it does not exist', async () => {
    const run = await runStep(rdsReboot, { instance: 'missing-db' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'DescribeDBInstances missing-db: DBInstanceNotFoundFault (HTTP 404): DBInstance missing-db not found.',
    );
  });

  it('exits 3 when the instance is not available (stopped) and sends no reboot', async () => {
    fake.addInstance({ id: 'orders-db', status: 'stopped' });

    const run = await runStep(rdsReboot, { instance: 'orders-db' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe('DB instance orders-db is "stopped"; rds-reboot needs "available"');
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('treats a reboot already under way as done: waits for it instead of rebooting again', async () => {
    fake.addInstance({ id: 'orders-db', status: 'rebooting' });

    const run = await runStep(rdsReboot, { instance: 'orders-db', ...FAST_WAIT }, { env });

    expect(run.result?.outcome).toBe('unchanged');
    expect(fake.mutatingRequests()).toEqual([]);
    expect(run.outputs.status).toBe('available');
  });

  it('dry-run describes the instance, says what it would do and sends no mutating request', async () => {
    fake.addInstance({ id: 'orders-db', multiAZ: true });

    const run = await runStep(rdsReboot, { instance: 'orders-db', forceFailover: true }, { env, dryRun: true });

    expect(run.result).toEqual({
      outcome: 'dry-run',
      message: 'would reboot DB instance orders-db with failover to the standby',
      details: { status: 'available', multiAZ: true, forceFailover: true },
    });
    expect(fake.actions()).toEqual(['DescribeDBInstances']);
    expect(fake.instanceStatus('orders-db')).toBe('available');
  });

  it('fails fast with exit 3 when the instance lands in a terminal status while waiting', async () => {
    fake.addInstance({ id: 'orders-db', settlesTo: { rebooting: 'storage-full' } });

    const run = await runStep(rdsReboot, { instance: 'orders-db', ...FAST_WAIT }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'DB instance orders-db reached status "storage-full" while waiting for "available"',
    );
  });

  it('gives up waiting after timeoutSeconds with exit 75 and the last status seen', async () => {
    fake.addInstance({ id: 'orders-db', pollsToSettle: 1_000_000 });

    const started = Date.now();
    const run = await runStep(
      rdsReboot,
      { instance: 'orders-db', timeoutSeconds: 1, pollIntervalSeconds: 0.05 },
      { env },
    );

    expect(run.error?.exitCode).toBe(75);
    expect(run.error?.message).toBe(
      'timed out after 1s waiting for DB instance orders-db to become "available": status "rebooting"',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops waiting at once when the pod is terminated (SIGTERM aborts the context signal)', async () => {
    fake.addInstance({ id: 'orders-db', pollsToSettle: 1_000_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('terminated by SIGTERM')), 200);

    const started = Date.now();
    const run = await runStep(
      rdsReboot,
      { instance: 'orders-db', pollIntervalSeconds: 60 },
      { env, signal: controller.signal },
    );

    // The wait ends with the signal's reason (the runtime then exits 143).
    expect(run.error?.message).toBe('terminated by SIGTERM');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('without wait returns right after the reboot is accepted', async () => {
    fake.addInstance({ id: 'orders-db' });

    const run = await runStep(rdsReboot, { instance: 'orders-db', wait: false }, { env });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.actions()).toEqual(['DescribeDBInstances', 'RebootDBInstance']);
    expect(run.outputs.status).toBe('rebooting');
  });
});
