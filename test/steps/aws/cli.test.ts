import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { familyCatalog, type StepCatalog } from '../../../src/steps/runtime/catalog.js';
import type { FakeRds } from '../../fakes/aws/fake-rds.js';
import { runCli } from '../runtime/harness.js';
import { startFakeRds } from './harness.js';

// The AWS steps through `opsflow-step aws ...` exactly as the aws image runs them (src/steps/bin/aws.ts).
let catalog: StepCatalog;
let fake: FakeRds;
let env: Record<string, string>;

beforeEach(async () => {
  catalog = await familyCatalog({ aws: () => import('../../../src/steps/aws/index.js') });
  ({ fake, env } = await startFakeRds());
});
afterEach(() => fake.stop());

describe('opsflow-step aws', () => {
  it('lists the four RDS steps and elasticache-flush with their input schemas', async () => {
    const run = await runCli(catalog, ['list', '--json'], { env });

    const steps = JSON.parse(run.stdout) as { name: string; mutating: boolean; inputSchema: { required: string[] } }[];
    expect(steps.map((step) => step.name)).toEqual([
      'elasticache-flush',
      'rds-reboot',
      'rds-snapshot',
      'rds-start',
      'rds-stop',
    ]);
    const rds = steps.filter((step) => step.name.startsWith('rds-'));
    expect(rds.every((step) => step.mutating && step.inputSchema.required.includes('instance'))).toBe(true);
    expect(steps[0]).toMatchObject({ mutating: true, inputSchema: { required: ['replicationGroup'] } });
  });

  it('runs rds-stop from flags, writes output parameters and result.json, exits 0', async () => {
    fake.addInstance({ id: 'orders-db' });

    const run = await runCli(
      catalog,
      [
        'aws',
        'rds-stop',
        '--instance',
        'orders-db',
        '--snapshot-identifier',
        'orders-pre-stop',
        '--poll-interval-seconds',
        '0.01',
      ],
      { env },
    );

    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({
      step: 'aws/rds-stop',
      target: 'DB instance orders-db',
      outcome: 'changed',
      exitCode: 0,
    });
    expect(readFileSync(join(run.outputDir, 'status'), 'utf8')).toBe('stopped');
    expect(readFileSync(join(run.outputDir, 'snapshotArn'), 'utf8')).toBe(
      'arn:aws:rds:eu-west-1:123456789012:snapshot:orders-pre-stop',
    );
    expect(run.logs.some((line) => line.event === 'wait-done' && line.status === 'stopped')).toBe(true);
  });

  it('--dry-run sends no mutating request and reports dry-run', async () => {
    fake.addInstance({ id: 'orders-db' });

    const run = await runCli(catalog, ['aws', 'rds-reboot', '--instance', 'orders-db', '--dry-run'], { env });

    expect(run.code).toBe(0);
    expect(run.result()).toMatchObject({ outcome: 'dry-run', message: 'would reboot DB instance orders-db' });
    expect(fake.mutatingRequests()).toEqual([]);
  });

  it('takes inputs from OPSFLOW_* variables and exits 3 for a missing instance', async () => {
    const run = await runCli(catalog, ['aws', 'rds-start'], { env: { ...env, OPSFLOW_INSTANCE: 'nowhere-db' } });

    expect(run.code).toBe(3);
    expect(run.result()).toMatchObject({ outcome: 'failed', exitCode: 3 });
    expect(String(run.result().message)).toContain('DBInstance nowhere-db not found.');
  });

  it('exits 2 naming the field and the value for an invalid identifier, before any request', async () => {
    const run = await runCli(catalog, ['aws', 'rds-snapshot', '--instance', 'orders_db'], { env });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('instance');
    expect(run.stderr).toContain('orders_db');
    expect(fake.requests).toEqual([]);
  });

  it('exits 75 when RDS keeps throttling', async () => {
    fake.addInstance({ id: 'orders-db' });
    fake.inject({ kind: 'throttle' }, 100);

    const run = await runCli(catalog, ['aws', 'rds-start', '--instance', 'orders-db'], {
      env: { ...env, AWS_MAX_ATTEMPTS: '1' },
    });

    expect(run.code).toBe(75);
    expect(fake.requests).toHaveLength(1);
  });
});
