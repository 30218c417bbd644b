import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { approvalCheck } from '../../../src/steps/kubernetes/approval-check.js';
import { ExitCode } from '../../../src/steps/runtime/errors.js';
import { Harness } from './harness.js';

const h = new Harness();
const TERMS = JSON.stringify({ by: ['approver'], selfApproval: false, timeout: '30m' });

/** A Workflow whose approval node `dump-1-2` ended as Argo Server left it. */
function workflow(name: string, phase: string, actor?: { name: string; action: string }) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'opsflow',
      labels: {
        'opsflow.io/role': 'tenant',
        'workflows.argoproj.io/creator': 'tina',
        ...(actor ? { 'workflows.argoproj.io/actor': actor.name, 'workflows.argoproj.io/action': actor.action } : {}),
      },
    },
    status: {
      nodes: {
        [`${name}-2`]: {
          id: `${name}-2`,
          type: 'Suspend',
          templateName: 'approval',
          phase,
          startedAt: '2026-12-01T10:00:00Z',
          finishedAt: '2026-12-01T10:04:00Z',
          outputs: {
            parameters: [
              { name: 'approver', value: 'alice' },
              { name: 'message', value: 'change 4711' },
            ],
          },
        },
      },
    },
  };
}

beforeAll(async () => {
  await h.start();
  h.fake.add(workflow('approved', 'Succeeded', { name: 'alice', action: 'Resume' }));
  h.fake.add(workflow('own', 'Succeeded', { name: 'tina', action: 'Resume' }));
  h.fake.add(workflow('rejected', 'Failed', { name: 'alice', action: 'Stop' }));
});
afterAll(() => h.stop());

const check = (name: string) =>
  h.run(approvalCheck, { cluster: 'prod', namespace: 'opsflow', workflow: name, node: `${name}-2`, terms: TERMS });
const labelsOf = (name: string) => h.fake.object('Workflow', 'opsflow', name)?.metadata.labels;

test('records an approval on the Workflow (labels, annotation, outputs) and lets the run go on', async () => {
  const run = await check('approved');
  expect(run.error).toBeUndefined();
  expect(run.result?.message).toBe(
    'approved by alice (requester tina; approval by role approver, not by the requester)',
  );
  expect(labelsOf('approved')).toMatchObject({ 'opsflow.io/approval': 'approved', 'opsflow.io/approver': 'alice' });
  const record = JSON.parse(
    h.fake.object('Workflow', 'opsflow', 'approved').metadata.annotations['opsflow.io/approval'],
  );
  expect(record).toMatchObject({
    verdict: 'approved',
    approver: 'alice',
    requester: 'tina',
    at: '2026-12-01T10:04:00Z',
    message: 'change 4711',
    terms: { by: ['approver'], selfApproval: false, timeout: '30m' },
  });
  expect(readFileSync(join(run.outputDir, 'verdict'), 'utf8')).toBe('approved');
  expect(readFileSync(join(run.outputDir, 'approver'), 'utf8')).toBe('alice');
  const patch = h.fake.mutations().find((request) => request.path.endsWith('/workflows/approved'))!;
  expect(patch.contentType).toBe('application/merge-patch+json');
});

test("fails the run (exit 3) on the requester's own approval, and records the refusal", async () => {
  const run = await check('own');
  expect(run.error?.exitCode).toBe(ExitCode.Precondition);
  expect(run.error?.message).toBe(
    'approval refused: tina may not approve their own run (requester tina; approval by role approver, not by the requester): another approver must decide',
  );
  expect(labelsOf('own')).toMatchObject({ 'opsflow.io/approval': 'refused', 'opsflow.io/approver': 'tina' });
});

test('records a rejection, and fails the run', async () => {
  const run = await check('rejected');
  expect(run.error?.exitCode).toBe(ExitCode.Precondition);
  expect(run.error?.message).toBe('approval rejected: rejected by alice');
  expect(labelsOf('rejected')).toMatchObject({ 'opsflow.io/approval': 'rejected', 'opsflow.io/approver': 'alice' });
});

test('names the node it cannot find', async () => {
  const run = await h.run(approvalCheck, {
    cluster: 'prod',
    namespace: 'opsflow',
    workflow: 'approved',
    node: 'approved-9',
    terms: TERMS,
  });
  expect(run.error?.exitCode).toBe(ExitCode.Precondition);
  expect(run.error?.message).toBe(
    'approval: node approved-9 is not in the status of Workflow approved (is node status offloaded?)',
  );
});
