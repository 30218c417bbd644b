import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { podLogs } from '../../../src/steps/kubernetes/pod-logs.js';
import { selectorString } from '../../../src/steps/kubernetes/run/pod-logs.js';
import { deployment, Harness, pod } from './harness.js';

jest.setTimeout(20_000);

const h = new Harness();
beforeAll(async () => {
  await h.start();
  const owner = { kind: 'ReplicaSet', name: 'web-1', uid: 'rs-1' };
  h.fake.add(deployment('web'));
  h.fake.add(pod('web-1-aaaaa', { labels: { app: 'web' }, owner, containers: ['app', 'proxy'] }));
  h.fake.add(pod('web-1-bbbbb', { labels: { app: 'web' }, owner, containers: ['app', 'proxy'] }));
  h.fake.add(pod('other', { labels: { app: 'other' } }));
  for (const name of ['web-1-aaaaa', 'web-1-bbbbb']) {
    h.fake.setLogs('shop', name, 'app', `${name} app line 1\n${name} app line 2\n${name} app line 3\n`);
    h.fake.setLogs('shop', name, 'proxy', `${name} proxy started\n`);
  }
  h.fake.setLogs('shop', 'web-1-aaaaa', 'app', 'panic: out of memory\n', { previous: true });
});
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
});

test('every container of every pod of a Deployment, one headed section each', async () => {
  const run = await h.run(podLogs, { namespace: 'shop', kind: 'Deployment', name: 'web', tailLines: 2 });

  expect(run.error).toBeUndefined();
  expect(readFileSync(join(run.outputDir, 'logs'), 'utf8')).toBe(
    [
      '==> pod/web-1-aaaaa container/app <==',
      'web-1-aaaaa app line 2',
      'web-1-aaaaa app line 3',
      '==> pod/web-1-aaaaa container/proxy <==',
      'web-1-aaaaa proxy started',
      '==> pod/web-1-bbbbb container/app <==',
      'web-1-bbbbb app line 2',
      'web-1-bbbbb app line 3',
      '==> pod/web-1-bbbbb container/proxy <==',
      'web-1-bbbbb proxy started',
      '',
    ].join('\n'),
  );
  // Logs are fetched a few at a time, so they may reach the server in any order; the file keeps the order.
  const requests = h.fake.requests.map((r) => [r.path, r.query]);
  expect([
    ...requests.slice(0, 2),
    ...requests.slice(2).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  ]).toEqual([
    ['/apis/apps/v1/namespaces/shop/deployments/web', {}],
    ['/api/v1/namespaces/shop/pods', { labelSelector: 'app=web', limit: '100' }],
    ['/api/v1/namespaces/shop/pods/web-1-aaaaa/log', { container: 'app', tailLines: '2' }],
    ['/api/v1/namespaces/shop/pods/web-1-aaaaa/log', { container: 'proxy', tailLines: '2' }],
    ['/api/v1/namespaces/shop/pods/web-1-bbbbb/log', { container: 'app', tailLines: '2' }],
    ['/api/v1/namespaces/shop/pods/web-1-bbbbb/log', { container: 'proxy', tailLines: '2' }],
  ]);
  expect(run.result).toMatchObject({
    outcome: 'unchanged',
    message: 'collected logs of 4 container(s) in 2 pod(s) of Deployment shop/web',
  });
});

test('previous container logs of one pod; a container without a previous instance is a note, not a failure', async () => {
  const run = await h.run(podLogs, { namespace: 'shop', name: 'web-1-aaaaa', previous: true, sinceSeconds: 3600 });
  expect(readFileSync(join(run.outputDir, 'logs'), 'utf8')).toBe(
    [
      '==> pod/web-1-aaaaa container/app (previous) <==',
      'panic: out of memory',
      '==> pod/web-1-aaaaa container/proxy (previous) <==',
      '(no logs: previous terminated container "proxy" in pod "web-1-aaaaa" not found)',
      '',
    ].join('\n'),
  );
  const logRequests = h.fake.requests.filter((r) => r.path.endsWith('/log'));
  expect(logRequests).toHaveLength(2);
  expect(logRequests.map((r) => r.query)).toEqual(
    expect.arrayContaining([
      { container: 'app', previous: 'true', sinceSeconds: '3600' },
      { container: 'proxy', previous: 'true', sinceSeconds: '3600' },
    ]),
  );
  expect(run.result?.message).toBe(
    'collected logs of 1 container(s) in 1 pod(s) of Pod shop/web-1-aaaaa (1 unavailable)',
  );
});

test('one named container only', async () => {
  const run = await h.run(podLogs, { namespace: 'shop', name: 'web-1-bbbbb', container: 'proxy' });
  expect(readFileSync(join(run.outputDir, 'logs'), 'utf8')).toBe(
    '==> pod/web-1-bbbbb container/proxy <==\nweb-1-bbbbb proxy started\n',
  );
});

test('pod listings are followed page by page (limit/continue)', async () => {
  for (let i = 0; i < 120; i++) h.fake.add(pod(`many-${i}`, { labels: { app: 'many' } }));
  h.fake.add({ ...deployment('many'), metadata: { name: 'many', namespace: 'shop' } });
  const run = await h.run(podLogs, { namespace: 'shop', kind: 'Deployment', name: 'many', tailLines: 1 });
  expect(run.result?.message).toBe('collected logs of 120 container(s) in 120 pod(s) of Deployment shop/many');
  const lists = h.fake.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods');
  expect(lists.map((r) => r.query.continue)).toEqual([undefined, expect.any(String)]);
});

test('a missing pod is exit 3; a 5xx on the listing that persists is exit 75', async () => {
  const missing = await h.run(podLogs, { namespace: 'shop', name: 'nope' });
  expect(missing.error).toMatchObject({ name: 'NotFoundError', exitCode: 3 });

  h.fake.fail('GET', '/api/v1/namespaces/shop/pods', ...Array.from({ length: 5 }, () => ({ status: 504 })));
  const down = await h.run(podLogs, { namespace: 'shop', kind: 'Deployment', name: 'web' });
  expect(down.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
  expect(down.error?.message).toContain('list pods of Deployment shop/web');
});

test('label selectors with set-based requirements become the labelSelector query syntax', () => {
  expect(
    selectorString({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'NotIn', values: ['x'] },
        { key: 'track', operator: 'Exists' },
      ],
    }),
  ).toBe('app=web,tier in (a,b),!canary,zone notin (x),track');
});
