import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rdsSnapshot } from '../../../src/steps/aws/rds-snapshot.js';
import { generatedSnapshotId } from '../../../src/steps/aws/run/rds-snapshot.js';
import type { FakeRds } from '../../fakes/aws/fake-rds.js';
import { FAST_WAIT, runStep, startFakeRds } from './harness.js';

let fake: FakeRds;
let env: Record<string, string>;

beforeEach(async () => {
  ({ fake, env } = await startFakeRds());
});
afterEach(() => fake.stop());

describe('rds-snapshot', () => {
  it('creates the snapshot with the given identifier and waits until it is available', async () => {
    fake.addInstance({ id: 'billing-db' });

    const run = await runStep(
      rdsSnapshot,
      { instance: 'billing-db', snapshotIdentifier: 'billing-db-before-upgrade', ...FAST_WAIT },
      { env },
    );

    expect(run.result?.outcome).toBe('changed');
    const create = fake.requests.find((r) => r.action === 'CreateDBSnapshot');
    expect(create?.params).toEqual({
      Action: 'CreateDBSnapshot',
      Version: '2014-10-31',
      DBInstanceIdentifier: 'billing-db',
      DBSnapshotIdentifier: 'billing-db-before-upgrade',
    });
    expect(run.logs.filter((l) => l.event === 'waiting' || l.event === 'wait-done').map((l) => l.status)).toEqual([
      'creating',
      'available',
    ]);
    expect(run.outputs).toEqual({
      snapshotIdentifier: 'billing-db-before-upgrade',
      snapshotArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:billing-db-before-upgrade',
      status: 'available',
    });
  });

  it('generates <instance>-opsflow-<UTC timestamp> when no identifier is given', async () => {
    fake.addInstance({ id: 'billing-db' });

    const run = await runStep(rdsSnapshot, { instance: 'billing-db', ...FAST_WAIT }, { env });

    expect(run.outputs.snapshotIdentifier).toMatch(/^billing-db-opsflow-\d{14}$/);
    expect(generatedSnapshotId('Billing-DB', new Date('2026-11-22T03:04:05.678Z'))).toBe(
      'billing-db-opsflow-20261122030405',
    );
    expect(fake.snapshotStatus(run.outputs.snapshotIdentifier ?? '')).toBe('available');
  });

  it('a retry after a timed-out wait (no identifier given) resumes the snapshot it started, not a second one', async () => {
    await fake.stop();
    ({ fake, env } = await startFakeRds({ pollsToSettle: 6 }));
    fake.addInstance({ id: 'billing-db' });

    const first = await runStep(
      rdsSnapshot,
      { instance: 'billing-db', timeoutSeconds: 1, pollIntervalSeconds: 0.4 },
      { env },
    );
    expect(first.error?.exitCode).toBe(75);
    const started = fake.requests.find((r) => r.action === 'CreateDBSnapshot')?.params.DBSnapshotIdentifier;
    expect(started).toMatch(/^billing-db-opsflow-\d{14}$/);

    const retry = await runStep(rdsSnapshot, { instance: 'billing-db', ...FAST_WAIT }, { env });

    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({
      outcome: 'unchanged',
      details: { snapshotIdentifier: started, status: 'available' },
    });
    expect(retry.outputs.snapshotIdentifier).toBe(started);
    expect(fake.actions().filter((a) => a === 'CreateDBSnapshot')).toHaveLength(1);
  });

  it('is unchanged when the same snapshot of the same instance exists, and waits for it if still creating', async () => {
    fake.addInstance({ id: 'billing-db' });
    fake.addSnapshot({ id: 'weekly', instance: 'billing-db', status: 'creating' });

    const run = await runStep(
      rdsSnapshot,
      { instance: 'billing-db', snapshotIdentifier: 'weekly', ...FAST_WAIT },
      { env },
    );

    expect(run.result).toMatchObject({
      outcome: 'unchanged',
      message: 'DB snapshot weekly of billing-db already exists',
    });
    expect(fake.mutatingRequests()).toEqual([]);
    expect(run.outputs.status).toBe('available');
  });

  it('exits 3 when the identifier belongs to a snapshot of another instance', async () => {
    fake.addInstance({ id: 'billing-db' });
    fake.addSnapshot({ id: 'weekly', instance: 'orders-db' });

    const run = await runStep(rdsSnapshot, { instance: 'billing-db', snapshotIdentifier: 'weekly' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'snapshotIdentifier: DB snapshot "weekly" already exists for another DB instance (orders-db)',
    );
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('exits 3 when the instance does not exist', async () => {
    const run = await runStep(rdsSnapshot, { instance: 'gone-db', snapshotIdentifier: 's1' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toContain('DBInstance gone-db not found.');
  });

  it('exits 3 for an instance in a status RDS cannot snapshot', async () => {
    fake.addInstance({ id: 'billing-db', status: 'rebooting' });

    const run = await runStep(rdsSnapshot, { instance: 'billing-db', snapshotIdentifier: 's1' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'DB instance billing-db is "rebooting"; rds-snapshot needs "available" or "stopped"',
    );
  });

  it('dry-run names the snapshot it would create and sends no CreateDBSnapshot', async () => {
    fake.addInstance({ id: 'billing-db' });

    const run = await runStep(rdsSnapshot, { instance: 'billing-db', snapshotIdentifier: 's1' }, { env, dryRun: true });

    expect(run.result).toEqual({
      outcome: 'dry-run',
      message: 'would create DB snapshot s1 of DB instance billing-db',
      details: { snapshotIdentifier: 's1', instanceStatus: 'available' },
    });
    expect(fake.actions()).toEqual(['DescribeDBInstances', 'DescribeDBSnapshots']);
  });

  it('fails fast with exit 3 when the snapshot it waits for fails', async () => {
    fake.addInstance({ id: 'billing-db' });
    fake.addSnapshot({ id: 'weekly', instance: 'billing-db', status: 'creating', settlesTo: 'failed' });

    const run = await runStep(
      rdsSnapshot,
      { instance: 'billing-db', snapshotIdentifier: 'weekly', ...FAST_WAIT },
      { env },
    );

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe('DB snapshot weekly reached status "failed" while waiting for "available"');
  });
});
