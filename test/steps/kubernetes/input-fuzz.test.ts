import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import { steps } from '../../../src/steps/kubernetes/index.js';
import { familyCatalog, type StepCatalog } from '../../../src/steps/runtime/catalog.js';
import { runCli } from '../runtime/harness.js';
import { deployment, Harness, pod } from './harness.js';

// Any input file, for every Kubernetes step, with --dry-run where the step mutates: the step never crashes (exit 1),
// rejects bad input with exit 2 naming a field, and never changes anything.
jest.setTimeout(60_000);

const h = new Harness();
let catalog: StepCatalog;
beforeAll(async () => {
  await h.start();
  catalog = await familyCatalog({ kubernetes: () => import('../../../src/steps/kubernetes/index.js') });
  h.fake.add(deployment('web'));
  h.fake.add(pod('web', { labels: { app: 'web' }, owner: { kind: 'ReplicaSet', name: 'web-1', uid: 'u' } }));
  h.fake.add({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { jobTemplate: { spec: {} } },
  });
  h.fake.exec = () => ({ stdout: '1 app.jar\n' });
});
afterAll(() => h.stop());

const value = fc.oneof(
  fc.constantFrom('prod', 'shop', 'web', 'Deployment', 'Pod', 'CronJob', 'Secret', 'app', '/tmp', '', 'UPPER', 'a..b'),
  fc.constantFrom(true, false, null, 0, 1, -1, 600, 3601, 1.5, 1e9),
  fc.string({ maxLength: 10 }),
  fc.json({ maxDepth: 1 }).map((text) => JSON.parse(text) as unknown),
);

test.each(steps.map((step) => [step.name, step] as const))(
  '%s: exit 0, 2 or 3, never a change',
  async (_name, step) => {
    const keys = [...Object.keys(step.input._zod.def.shape), 'extra'];
    const input = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })), value, { maxKeys: 8 });
    const base = {
      ...{ cluster: 'prod', namespace: 'shop', name: 'web', kind: 'Deployment', cronJob: 'web', pod: 'web' },
      ...{ workflow: 'web', action: 'web', limits: '{}', approvals: '{}' },
      ...{ node: 'web-1', terms: '{"by":["approver"],"selfApproval":false}' },
    };
    const codes = new Set<number | undefined>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.oneof(fc.constant({}), input), async (startValid, fields) => {
        const run = await runCli(catalog, ['list']);
        const file = join(run.outputDir, 'input.json');
        writeFileSync(file, JSON.stringify(startValid ? { ...pick(base, keys), ...fields } : fields));
        const args = ['kubernetes', step.name, '--input-file', file, ...(step.mutating ? ['--dry-run'] : [])];
        const result = await runCli(catalog, args, { env: { OPSFLOW_KUBECONFIG_DIR: h.kubeconfigDir } });
        codes.add(result.code);
        expect([0, 2, 3]).toContain(result.code);
        if (result.code === 2)
          expect(String(result.result().message)).toMatch(/^invalid input for kubernetes\/|OPSFLOW_/);
        expect(h.fake.mutations()).toEqual([]);
      }),
      { numRuns: 40 },
    );
    // Both paths ran: some inputs were accepted and reached the (fake) cluster, some were rejected.
    expect(codes.has(2) && (codes.has(0) || codes.has(3))).toBe(true);
  },
);

function pick(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key)));
}
