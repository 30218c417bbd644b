import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { RdsRebootInput, RdsSnapshotInput, RdsStopInput } from '../../../src/steps/aws/inputs.js';
import { familyCatalog, type StepCatalog } from '../../../src/steps/runtime/catalog.js';
import type { FakeRds } from '../../fakes/aws/fake-rds.js';
import { runCli } from '../runtime/harness.js';
import { startFakeRds } from './harness.js';

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('RDS step inputs', () => {
  it.each(['a', 'orders-db', 'Orders-DB-2', `a${'b'.repeat(62)}`])('accepts the instance identifier %j', (instance) => {
    expect(RdsRebootInput.safeParse({ instance }).success).toBe(true);
  });

  it.each(['', '1db', 'orders--db', 'orders-db-', 'orders_db', 'orders db', `a${'b'.repeat(63)}`])(
    'rejects the instance identifier %j naming the field',
    (instance) => {
      expect(issues(RdsRebootInput.safeParse({ instance }))[0]).toMatch(/^instance: /);
    },
  );

  it('fills the documented defaults', () => {
    expect(RdsRebootInput.parse({ instance: 'db' })).toEqual({
      instance: 'db',
      forceFailover: false,
      wait: true,
      timeoutSeconds: 1800,
      pollIntervalSeconds: 15,
    });
  });

  it('rejects an unknown field (a typo) instead of ignoring it', () => {
    expect(issues(RdsStopInput.safeParse({ instance: 'db', snapshotId: 'x' }))).toEqual([
      ': Unrecognized key: "snapshotId"',
    ]);
  });

  it('rejects a region that is not an AWS region and a bad snapshot identifier', () => {
    expect(
      issues(RdsSnapshotInput.safeParse({ instance: 'db', region: 'Ireland', snapshotIdentifier: 'nightly-' })),
    ).toEqual([
      'region: must be an AWS region such as "eu-west-1"',
      'snapshotIdentifier: must start with a letter and hold only letters, digits and single hyphens',
    ]);
  });
});

describe('RDS step inputs under fuzzing, through opsflow-step with --dry-run', () => {
  let catalog: StepCatalog;
  let fake: FakeRds;
  let env: Record<string, string>;

  beforeAll(async () => {
    catalog = await familyCatalog({ aws: () => import('../../../src/steps/aws/index.js') });
    ({ fake, env } = await startFakeRds());
    fake.addInstance({ id: 'orders-db', multiAZ: true });
    fake.addInstance({ id: 'stopped-db', status: 'stopped' });
    fake.addSnapshot({ id: 'nightly', instance: 'orders-db' });
  });
  afterAll(() => fake.stop());

  const value = fc.oneof(
    fc.constantFrom(
      'orders-db',
      'stopped-db',
      'missing-db',
      'nightly',
      'eu-west-1',
      'true',
      'false',
      '0',
      '5',
      '-1',
      '',
    ),
    fc.string({ maxLength: 10 }),
    fc.integer({ min: -5, max: 10_000 }).map(String),
  );
  const flag = fc.constantFrom(
    '--instance',
    '--region',
    '--force-failover',
    '--snapshot-identifier',
    '--wait',
    '--timeout-seconds',
    '--poll-interval-seconds',
  );

  it('never crashes or mutates: exits 0, 2 or 3, and every exit 2 names a field', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('rds-reboot', 'rds-start', 'rds-stop', 'rds-snapshot'),
        fc.array(fc.tuple(flag, value), { maxLength: 4 }),
        // Often a valid instance (existing, stopped or missing), so every exit code shows up in each run.
        fc.option(fc.constantFrom('orders-db', 'stopped-db', 'missing-db'), { nil: undefined, freq: 4 }),
        async (step, flags, instance) => {
          const argv = ['aws', step, ...(instance ? ['--instance', instance] : [])];
          for (const [name, raw] of flags) argv.push(name, raw);
          const before = fake.requests.length;
          const run = await runCli(catalog, [...argv, '--dry-run'], { env });
          seen.add(run.code ?? -1);
          expect([0, 2, 3]).toContain(run.code);
          expect(fake.mutatingRequests()).toEqual([]);
          if (run.code === 2) {
            expect(run.stderr).toMatch(
              /instance|region|forceFailover|force-failover|snapshotIdentifier|snapshot-identifier|wait|timeout|poll|option|argument/i,
            );
            expect(fake.requests.length).toBe(before);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect([...seen].sort()).toEqual([0, 2, 3]);
  });
});
