import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { familyCatalog, type StepCatalog } from '../../../src/steps/runtime/catalog.js';
import { runCli } from '../runtime/harness.js';
import { deployment, Harness, pod } from './harness.js';

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

test('list --json describes the ten steps', async () => {
  const run = await runCli(catalog, ['list', '--json'], { env });
  const steps = JSON.parse(run.stdout) as { name: string; mutating: boolean; inputSchema: { required: string[] } }[];
  expect(steps.map((step) => [step.name, step.mutating])).toEqual([
    ['approval-check', false],
    ['cronjob-trigger', true],
    ['java-heap-dump', true],
    ['node-conditions', false],
    ['pod-logs', false],
    ['pod-status', false],
    ['rollout-status', false],
    ['run-guard', true],
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

describe('pod-logs without an artifact repository (OPSFLOW_FILE_OUTPUT_MAX_BYTES, set by the template)', () => {
  const argv = ['kubernetes', 'pod-logs', '--cluster=prod', '--namespace=logs', '--kind=Deployment', '--name=api'];
  const NOTE =
    /^\[opsflow: the first (\d+) of (\d+) bytes are cut: the site has no artifact repository, so at most 2048 bytes are kept\]\n/;
  beforeAll(() => {
    const owner = { kind: 'ReplicaSet', name: 'api-1', uid: 'rs-api' };
    h.fake.add(deployment('api', 'logs', 2));
    for (const name of ['api-1-aaaaa', 'api-1-bbbbb']) {
      h.fake.add(pod(name, { namespace: 'logs', labels: { app: 'api' }, owner }));
      const lines = Array.from({ length: 60 }, (_, i) => `${name} requête ${i} traitée\n`);
      h.fake.setLogs('logs', name, 'app', lines.join(''));
    }
  });

  test('keeps the last 2048 bytes from a line start, after a note of what was cut', async () => {
    const whole = readFileSync(join((await runCli(catalog, argv, { env })).outputDir, 'logs'));
    expect(whole.length).toBeGreaterThan(4000);

    const run = await runCli(catalog, argv, { env: { ...env, OPSFLOW_FILE_OUTPUT_MAX_BYTES: '2048' } });
    expect(run.code).toBe(0);
    const capped = readFileSync(join(run.outputDir, 'logs'));
    expect(capped.length).toBeLessThanOrEqual(2048);
    const text = capped.toString('utf8');
    const [note, cut, size] = NOTE.exec(text) ?? [];
    expect(Number(size)).toBe(whole.length);
    const kept = text.slice(note!.length);
    // Exactly the end of the whole file, from a line start, with the last pod's last line.
    expect(Buffer.byteLength(kept)).toBe(whole.length - Number(cut));
    expect(whole.toString('utf8').endsWith(kept)).toBe(true);
    expect(whole[Number(cut) - 1]).toBe(0x0a);
    expect(kept.endsWith('api-1-bbbbb requête 59 traitée\n')).toBe(true);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ event: 'file-output-capped', name: 'logs', size: whole.length, maxBytes: 2048 }),
    );
  });

  test('leaves logs within the cap as they are', async () => {
    const run = await runCli(catalog, [...argv, '--tail-lines=3'], {
      env: { ...env, OPSFLOW_FILE_OUTPUT_MAX_BYTES: '2048' },
    });
    expect(readFileSync(join(run.outputDir, 'logs'), 'utf8')).toBe(
      [
        '==> pod/api-1-aaaaa container/app <==',
        'api-1-aaaaa requête 57 traitée',
        'api-1-aaaaa requête 58 traitée',
        'api-1-aaaaa requête 59 traitée',
        '==> pod/api-1-bbbbb container/app <==',
        'api-1-bbbbb requête 57 traitée',
        'api-1-bbbbb requête 58 traitée',
        'api-1-bbbbb requête 59 traitée',
        '',
      ].join('\n'),
    );
    expect(run.logs.some((line) => line.event === 'file-output-capped')).toBe(false);
  });

  test('a cap too small to hold the note is exit 3 before any request', async () => {
    const run = await runCli(catalog, argv, { env: { ...env, OPSFLOW_FILE_OUTPUT_MAX_BYTES: '100' } });
    expect(run.code).toBe(3);
    expect(run.result().message).toBe(
      'OPSFLOW_FILE_OUTPUT_MAX_BYTES must be a whole number of bytes of at least 1024 (got "100")',
    );
    expect(h.fake.requests).toEqual([]);
  });
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
