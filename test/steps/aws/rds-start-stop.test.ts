import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { rdsStart } from '../../../src/steps/aws/rds-start.js';
import { rdsStop } from '../../../src/steps/aws/rds-stop.js';
import type { FakeRds } from '../../fakes/aws/fake-rds.js';
import { FAST_WAIT, runStep, startFakeRds } from './harness.js';

let fake: FakeRds;
let env: Record<string, string>;

beforeEach(async () => {
  ({ fake, env } = await startFakeRds());
});
afterEach(() => fake.stop());

describe('rds-start', () => {
  it('starts a stopped instance and waits through "starting" until it is available', async () => {
    fake.addInstance({ id: 'reports-db', status: 'stopped' });

    const run = await runStep(rdsStart, { instance: 'reports-db', ...FAST_WAIT }, { env });

    expect(run.result).toEqual({
      outcome: 'changed',
      message: 'started DB instance reports-db',
      details: { status: 'available' },
    });
    expect(fake.requests[1]?.params).toEqual({
      Action: 'StartDBInstance',
      Version: '2014-10-31',
      DBInstanceIdentifier: 'reports-db',
    });
    expect(run.logs.filter((l) => l.event === 'waiting' || l.event === 'wait-done').map((l) => l.status)).toEqual([
      'starting',
      'available',
    ]);
    expect(run.outputs.status).toBe('available');
  });

  it('leaves an available instance alone', async () => {
    fake.addInstance({ id: 'reports-db', status: 'available' });

    const run = await runStep(rdsStart, { instance: 'reports-db' }, { env });

    expect(run.result).toMatchObject({ outcome: 'unchanged', message: 'DB instance reports-db was already available' });
    expect(fake.actions()).toEqual(['DescribeDBInstances']);
  });

  it('exits 3 for an instance that is still stopping', async () => {
    fake.addInstance({ id: 'reports-db', status: 'stopping' });

    const run = await runStep(rdsStart, { instance: 'reports-db' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe('DB instance reports-db is "stopping"; rds-start needs "stopped"');
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('dry-run on a stopped instance sends only the describe', async () => {
    fake.addInstance({ id: 'reports-db', status: 'stopped' });

    const run = await runStep(rdsStart, { instance: 'reports-db' }, { env, dryRun: true });

    expect(run.result).toEqual({
      outcome: 'dry-run',
      message: 'would start DB instance reports-db',
      details: { status: 'stopped' },
    });
    expect(fake.mutatingRequests()).toEqual([]);
    expect(fake.instanceStatus('reports-db')).toBe('stopped');
  });
});

describe('rds-stop', () => {
  it('stops an available instance with a snapshot first and reports the snapshot ARN', async () => {
    fake.addInstance({ id: 'reports-db' });

    const run = await runStep(
      rdsStop,
      { instance: 'reports-db', snapshotIdentifier: 'reports-db-before-stop', ...FAST_WAIT },
      { env },
    );

    expect(run.result).toMatchObject({
      outcome: 'changed',
      message: 'stopped DB instance reports-db after taking snapshot reports-db-before-stop',
    });
    const stop = fake.requests.find((r) => r.action === 'StopDBInstance');
    expect(stop?.params).toEqual({
      Action: 'StopDBInstance',
      Version: '2014-10-31',
      DBInstanceIdentifier: 'reports-db',
      DBSnapshotIdentifier: 'reports-db-before-stop',
    });
    expect(run.outputs).toEqual({
      status: 'stopped',
      instanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:reports-db',
      snapshotArn: 'arn:aws:rds:eu-west-1:123456789012:snapshot:reports-db-before-stop',
    });
    expect(fake.snapshotStatus('reports-db-before-stop')).toBe('available');
  });

  it('stops without a snapshot when none is asked for and writes an empty snapshotArn', async () => {
    fake.addInstance({ id: 'reports-db' });

    const run = await runStep(rdsStop, { instance: 'reports-db', ...FAST_WAIT }, { env });

    expect(run.result?.outcome).toBe('changed');
    expect(fake.requests.find((r) => r.action === 'StopDBInstance')?.params).not.toHaveProperty('DBSnapshotIdentifier');
    expect(run.outputs.snapshotArn).toBe('');
    expect(fake.instanceStatus('reports-db')).toBe('stopped');
  });

  it('leaves a stopped instance alone', async () => {
    fake.addInstance({ id: 'reports-db', status: 'stopped' });

    const run = await runStep(rdsStop, { instance: 'reports-db' }, { env });

    expect(run.result).toMatchObject({ outcome: 'unchanged', message: 'DB instance reports-db was already stopped' });
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('refuses with exit 3 when the snapshot identifier is taken, before stopping anything', async () => {
    fake.addInstance({ id: 'reports-db' });
    fake.addSnapshot({ id: 'nightly', instance: 'other-db' });

    const run = await runStep(rdsStop, { instance: 'reports-db', snapshotIdentifier: 'nightly' }, { env });

    expect(run.error?.exitCode).toBe(3);
    expect(run.error?.message).toBe(
      'snapshotIdentifier: DB snapshot "nightly" already exists (of DB instance other-db); choose another identifier',
    );
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('dry-run says it would stop after a snapshot and changes nothing', async () => {
    fake.addInstance({ id: 'reports-db' });

    const run = await runStep(
      rdsStop,
      { instance: 'reports-db', snapshotIdentifier: 'pre-stop' },
      { env, dryRun: true },
    );

    expect(run.result).toEqual({
      outcome: 'dry-run',
      message: 'would stop DB instance reports-db after taking snapshot pre-stop',
      details: { status: 'available', snapshotIdentifier: 'pre-stop' },
    });
    expect(fake.actions()).toEqual(['DescribeDBInstances', 'DescribeDBSnapshots']);
  });
});
