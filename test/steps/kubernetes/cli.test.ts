import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { familyCatalog, type StepCatalog } from '../../../src/steps/runtime/catalog.js';
import { runCli } from '../runtime/harness.js';
import { deployment, Harness } from './harness.js';

// The Kubernetes steps through `opsflow-step kubernetes ...`, as the kubernetes image runs them.
jest.setTimeout(20_000);

const h = new Harness();
let catalog: StepCatalog;
let env: Record<string, string>;
beforeAll(async () => {
  await h.start();
  catalog = await familyCatalog({ kubernetes: () => import('../../../src/steps/kubernetes/index.js') });
  env = { OPSFLOW_KUBECONFIG_DIR: h.kubeconfigDir, OPSFLOW_KUBERNETES_POLL_INTERVAL_MS: '5' };
});
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
});

test('list --json describes the five steps', async () => {
  const run = await runCli(catalog, ['list', '--json'], { env });
  const steps = JSON.parse(run.stdout) as { name: string; mutating: boolean; inputSchema: { required: string[] } }[];
  expect(steps.map((step) => [step.name, step.mutating])).toEqual([
    ['cronjob-trigger', true],
    ['java-heap-dump', true],
    ['pod-logs', false],
    ['workload-delete', true],
    ['workload-restart', true],
  ]);
  expect(steps.every((step) => step.inputSchema.required.includes('cluster'))).toBe(true);
});

test('workload-restart from flags: exit 0, result.json, restartedAt output', async () => {
  h.fake.add(deployment('web'));
  const run = await runCli(
    catalog,
    [
      'kubernetes',
      'workload-restart',
      '--cluster',
      'prod',
      '--namespace',
      'shop',
      '--kind',
      'Deployment',
      '--name',
      'web',
      '--wait=false',
    ],
    { env },
  );
  expect(run.code).toBe(0);
  expect(run.result()).toMatchObject({
    step: 'kubernetes/workload-restart',
    target: 'Deployment shop/web on prod',
    outcome: 'changed',
    exitCode: 0,
  });
  expect(readFileSync(join(run.outputDir, 'restartedAt'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(h.fake.mutations()).toHaveLength(1);
});

test('--dry-run from OPSFLOW_* variables sends no mutating request', async () => {
  h.fake.add(deployment('api'));
  const run = await runCli(catalog, ['kubernetes', 'workload-restart', '--dry-run'], {
    env: {
      ...env,
      OPSFLOW_CLUSTER: 'prod',
      OPSFLOW_NAMESPACE: 'shop',
      OPSFLOW_KIND: 'Deployment',
      OPSFLOW_NAME: 'api',
    },
  });
  expect(run.code).toBe(0);
  expect(run.result()).toMatchObject({ outcome: 'dry-run' });
  expect(h.fake.mutations()).toEqual([]);
});

test('exit 2 naming the field for a bad kind, before any request', async () => {
  const run = await runCli(
    catalog,
    [
      'kubernetes',
      'workload-restart',
      '--cluster',
      'prod',
      '--namespace',
      'shop',
      '--kind',
      'ReplicaSet',
      '--name',
      'web',
    ],
    { env },
  );
  expect(run.code).toBe(2);
  expect(String(run.result().message)).toContain('kind: Invalid option');
  expect(String(run.result().message)).toContain('(got "ReplicaSet" from --kind)');
  expect(h.fake.requests).toEqual([]);
});

test('exit 3 for a missing object, exit 75 when the API server keeps failing', async () => {
  const args = ['kubernetes', 'workload-delete', '--cluster', 'prod', '--namespace', 'shop', '--kind', 'Job'];
  const missing = await runCli(
    catalog,
    ['kubernetes', 'cronjob-trigger', '--cluster', 'prod', '--namespace', 'b', '--cron-job', 'x'],
    { env },
  );
  expect(missing.code).toBe(3);

  h.fake.fail('GET', '/apis/batch/v1/namespaces/shop/jobs/j', ...Array.from({ length: 5 }, () => ({ status: 503 })));
  const down = await runCli(catalog, [...args, '--name', 'j'], { env });
  expect(down.code).toBe(75);
  expect(down.result()).toMatchObject({ outcome: 'failed', exitCode: 75 });
});

test('pod-logs refuses --dry-run (read-only) with exit 2', async () => {
  const run = await runCli(
    catalog,
    ['kubernetes', 'pod-logs', '--cluster', 'prod', '--namespace', 'shop', '--name', 'p', '--dry-run'],
    {
      env,
    },
  );
  expect(run.code).toBe(2);
});

test('from a laptop, with no site kubeconfig: the KUBECONFIG list kubectl uses, with the context for --cluster', async () => {
  h.fake.add(deployment('laptop'));
  const noSiteConfig = join(h.kubeconfigDir, 'no-site-kubeconfigs');
  const run = await runCli(
    catalog,
    ['kubernetes', 'workload-restart', '--cluster', 'prod', '--namespace', 'shop', '--kind', 'Deployment'],
    {
      env: {
        OPSFLOW_KUBECONFIG_DIR: noSiteConfig,
        // A missing file and an empty entry in the list are skipped, as kubectl skips them.
        KUBECONFIG: `${join(h.kubeconfigDir, 'missing')}::${join(h.kubeconfigDir, 'prod')}`,
        OPSFLOW_NAME: 'laptop',
        OPSFLOW_WAIT: 'false',
      },
    },
  );
  expect(run.stderr).not.toContain('"level":"error"');
  expect(run.code).toBe(0);
  expect(h.fake.mutations().map((request) => `${request.method} ${request.path}`)).toEqual([
    'PATCH /apis/apps/v1/namespaces/shop/deployments/laptop',
  ]);
});
