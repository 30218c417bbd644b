import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { runGuard } from '../../../src/steps/kubernetes/run-guard.js';
import { ExitCode } from '../../../src/steps/runtime/errors.js';
import { Harness } from './harness.js';

const h = new Harness();
const LIMITS = JSON.stringify({ tenant: { perCaller: { runs: 1, window: '1h' } } });

function workflow(name: string, labels: Record<string, string>) {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name, namespace: 'opsflow', labels } };
}

beforeAll(async () => {
  await h.start();
  const tenant = { 'opsflow.io/role': 'tenant', 'workflows.argoproj.io/creator': 'tina' };
  h.fake.add(workflow('restart-1', tenant));
  h.fake.add(workflow('restart-2', tenant));
  h.fake.add(workflow('restart-3', { 'opsflow.io/role': 'operator', 'workflows.argoproj.io/creator': 'olga' }));
});
afterAll(() => h.stop());

const APPROVALS = JSON.stringify({ tenant: { by: ['approver'], selfApproval: false, timeout: '30m' } });
const guard = (name: string) =>
  h.run(runGuard, {
    namespace: 'opsflow',
    workflow: name,
    action: 'openshift-workload-restart',
    limits: LIMITS,
    approvals: APPROVALS,
  });

test("counts a run against the limit of the role in its Workflow's label, and refuses the one over it (exit 3)", async () => {
  const first = await guard('restart-1');
  expect(first.error).toBeUndefined();
  expect(first.result?.message).toBe(
    'tina (role tenant): run of openshift-workload-restart counted; waits for an approval by approver',
  );
  const second = await guard('restart-2');
  expect(second.error?.exitCode).toBe(ExitCode.Precondition);
  expect(second.error?.message).toMatch(
    /^run limit: tina has started 1 runs of openshift-workload-restart in the last 1h \(limit 1\); the next run is allowed at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
  );
});

test('lets a role without a limit through', async () => {
  const run = await guard('restart-3');
  expect(run.error).toBeUndefined();
  expect(run.result?.message).toBe('olga (role operator): no run limit on openshift-workload-restart');
});

test("says from the Workflow's role label whether this run waits for an approval, and on what terms", async () => {
  const tenant = await guard('restart-1');
  const read = (run: typeof tenant, name: string) => readFileSync(join(run.outputDir, name), 'utf8');
  expect(read(tenant, 'approval')).toBe('required');
  expect(read(tenant, 'approvalTimeout')).toBe('30m');
  expect(JSON.parse(read(tenant, 'approvalTerms'))).toEqual({ by: ['approver'], selfApproval: false, timeout: '30m' });
  const operator = await guard('restart-3');
  expect(read(operator, 'approval')).toBe('none');
  expect(read(operator, 'approvalTimeout')).toBe('');
  expect(read(operator, 'approvalTerms')).toBe('');
});

test('refuses limits or approval terms that are not the JSON the template writes (exit 2), naming the field and value', async () => {
  const run = (limits: string, approvals: string) =>
    h.run(runGuard, { namespace: 'opsflow', workflow: 'restart-1', action: 'a', limits, approvals });
  const before = h.fake.mutations().length;
  const blank = await run('  ', APPROVALS);
  expect(blank.error).toMatchObject({
    exitCode: ExitCode.InvalidInput,
    message: 'invalid input for kubernetes/run-guard:\n  limits: not JSON (got "  ")',
  });
  const wrong = await run(LIMITS, '{"tenant": {"by": "approver"}}');
  expect(wrong.error).toMatchObject({ exitCode: ExitCode.InvalidInput });
  expect(wrong.error?.message).toMatch(/^invalid input for kubernetes\/run-guard:\n {2}approvals: .*by/s);
  expect(h.fake.mutations()).toHaveLength(before);
});
