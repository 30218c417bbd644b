import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AlertmanagerClient, type Silence } from '../../src/clients/alertmanager/index.js';
import { steps } from '../../src/steps/alertmanager/index.js';
import { catalogFromSteps } from '../../src/steps/runtime/manifest.js';
import { type CliRun, runCli } from '../steps/runtime/harness.js';
import { events, expectExit, unique } from './harness.js';
import { alertmanagerRunDir } from './peers.js';

/** The real Alertmanager (Debian's prometheus-alertmanager) that global-setup started for this run. */
const url = readFileSync(resolve(alertmanagerRunDir, 'url'), 'utf8').trim();
const catalog = catalogFromSteps(steps);
const am = new AlertmanagerClient({ url });

function alertmanagerStep(argv: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(catalog, ['alertmanager', ...argv], { env: { ALERTMANAGER_URL: url, ...env } });
}

/** Every silence on the host label, as Alertmanager itself reports them. */
async function silencesOf(host: string): Promise<Silence[]> {
  return (await am.listSilences()).filter((s) => s.matchers.some((m) => m.name === 'instance' && m.value === host));
}

const output = (run: CliRun, name: string) => readFileSync(resolve(run.outputDir, name), 'utf8');

test('silence-create: the silence Alertmanager stores; a retry with the same key reuses it', async () => {
  const host = unique('cmp');
  const argv = [
    'silence-create',
    '--matchers',
    JSON.stringify([`instance="${host}"`, 'alertname=~"Node.*"', { name: 'severity', value: 'info', isEqual: false }]),
    '--duration',
    '2h',
    '--comment',
    `maintenance of ${host}`,
    '--created-by',
    'ops-team',
  ];
  const env = { ARGO_WORKFLOW_NAME: unique('maintenance') };
  const started = Date.now();

  const first = await alertmanagerStep(argv, env);
  expectExit(first, 0);
  const [silence, ...others] = await silencesOf(host);
  expect(others).toEqual([]);
  expect(silence).toMatchObject({
    id: output(first, 'silenceId'),
    status: { state: 'active' },
    createdBy: 'ops-team',
    comment: `maintenance of ${host} [opsflow-key=${env.ARGO_WORKFLOW_NAME}]`,
  });
  expect(silence?.matchers).toEqual(
    expect.arrayContaining([
      { name: 'instance', value: host, isRegex: false, isEqual: true },
      { name: 'alertname', value: 'Node.*', isRegex: true, isEqual: true },
      { name: 'severity', value: 'info', isRegex: false, isEqual: false },
    ]),
  );
  const lasts = Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '');
  expect(lasts).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
  expect(lasts).toBeLessThanOrEqual(2 * 3600_000 + 1000);
  expect(Date.parse(silence?.startsAt ?? '')).toBeGreaterThanOrEqual(started - 1000);
  expect(first.result()).toMatchObject({ outcome: 'changed', details: { silenceId: silence?.id } });

  const retry = await alertmanagerStep(argv, env);
  expectExit(retry, 0);
  expect(retry.result()).toMatchObject({ outcome: 'unchanged', details: { silenceId: silence?.id } });
  expect(output(retry, 'silenceId')).toBe(silence?.id);
  expect(await silencesOf(host)).toHaveLength(1);

  // Another Workflow (another key) makes its own silence.
  const other = await alertmanagerStep(argv, { ARGO_WORKFLOW_NAME: unique('maintenance') });
  expectExit(other, 0);
  expect(await silencesOf(host)).toHaveLength(2);
});

test('silence-create --dry-run creates nothing and says what it would silence', async () => {
  const host = unique('cmp');
  const run = await alertmanagerStep([
    'silence-create',
    '--matchers',
    JSON.stringify([`instance=${host}`]),
    '--duration',
    '30m',
    '--comment',
    'try',
    '--key',
    'dry/1',
    '--dry-run',
  ]);
  expectExit(run, 0);
  expect(run.stdout).toMatch(new RegExp(`^would silence instance="${host}" from \\S+ until \\S+ \\(key dry/1\\)\\n$`));
  expect(await silencesOf(host)).toEqual([]);
});

test('silence-expire by key expires the live silences of that key only; a second run changes nothing', async () => {
  const host = unique('cmp');
  const create = (key: string, startsAt?: string) =>
    alertmanagerStep([
      'silence-create',
      '--matchers',
      JSON.stringify([`instance="${host}"`, ...(startsAt ? ['job="node"'] : [])]),
      '--duration',
      '1h',
      '--comment',
      'window',
      '--key',
      key,
      ...(startsAt ? ['--starts-at', startsAt] : []),
    ]);
  const key = `maintenance/${host}`;
  expectExit(await create(key), 0);
  // A pending one (starting tomorrow, other matchers) with the same key, and another key's silence that must stay.
  expectExit(await create(key, new Date(Date.now() + 86_400_000).toISOString()), 0);
  expectExit(await create('someone-else'), 0);
  expect((await silencesOf(host)).map((s) => s.status.state).sort()).toEqual(['active', 'active', 'pending']);

  const dry = await alertmanagerStep(['silence-expire', '--key', key, '--dry-run']);
  expectExit(dry, 0);
  expect(JSON.parse(output(dry, 'expired'))).toHaveLength(2);
  expect((await silencesOf(host)).filter((s) => s.status.state === 'expired')).toEqual([]);

  const run = await alertmanagerStep([
    'silence-expire',
    '--key',
    key,
    '--matchers',
    JSON.stringify([`instance=${host}`]),
  ]);
  expectExit(run, 0);
  const expired = JSON.parse(output(run, 'expired')) as string[];
  expect(expired).toHaveLength(2);
  expect(events(run, 'silence-expired').map((e) => e.silenceId)).toEqual(expired);
  const after = await silencesOf(host);
  expect(after.filter((s) => expired.includes(s.id)).map((s) => s.status.state)).toEqual(['expired', 'expired']);
  expect(after.find((s) => s.comment.endsWith('[opsflow-key=someone-else]'))?.status.state).toBe('active');

  const again = await alertmanagerStep(['silence-expire', '--key', key]);
  expectExit(again, 0);
  expect(again.result()).toMatchObject({
    outcome: 'unchanged',
    message: `no active or pending silence has key ${key}`,
  });
});

test('silence-expire by id; an expired one is unchanged; an unknown id is exit 3', async () => {
  const host = unique('cmp');
  const created = await alertmanagerStep([
    'silence-create',
    '--matchers',
    JSON.stringify([`instance=${host}`]),
    '--duration',
    '1h',
    '--comment',
    'by id',
    '--key',
    host,
  ]);
  expectExit(created, 0);
  const id = output(created, 'silenceId');

  expectExit(await alertmanagerStep(['silence-expire', '--id', id]), 0);
  expect((await am.getSilence(id))?.status.state).toBe('expired');
  const again = await alertmanagerStep(['silence-expire', '--id', id]);
  expectExit(again, 0);
  expect(again.result()).toMatchObject({ outcome: 'unchanged', message: `silence ${id} had already expired` });

  const unknown = await alertmanagerStep(['silence-expire', '--id', '00000000-0000-4000-8000-000000000000']);
  expectExit(unknown, 3);
  expect(unknown.message).toBe('silence 00000000-0000-4000-8000-000000000000 not found in Alertmanager\n');
});

test('a matcher Alertmanager refuses is exit 3 with its answer', async () => {
  const run = await alertmanagerStep([
    'silence-create',
    '--matchers',
    JSON.stringify(['alertname=~"Node("']),
    '--duration',
    '1h',
    '--comment',
    'bad regex',
    '--key',
    'bad-regex',
  ]);
  expectExit(run, 3);
  // The search before the create already meets Alertmanager's regex parser.
  expect(run.message).toMatch(
    /^silence alertname=~"Node\(": GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/silences\?filter=\S+ returned 400: "error parsing regexp: missing closing \)/,
  );
});
