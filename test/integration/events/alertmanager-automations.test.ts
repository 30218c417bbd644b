import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { webhookEventData } from '../../../src/constructs/events/index.js';
import { catalogSensors, replay } from '../../catalog/automations/replay.js';
import { repoRoot } from '../peers.js';

/**
 * The Alertmanager automation against what a real Alertmanager sends: one of its own (scripts/alertmanager/start.sh
 * with a webhook receiver on a local port, grouped by workload as docs/events.md says), alerts posted to its API,
 * and every notification it sends replayed through the generated Sensors.
 */
type Notification = { headers: Record<string, string>; body: Record<string, unknown> & { status: string } };
const received: Notification[] = [];
const run = mkdtempSync(resolve(tmpdir(), 'opsflow-am-automation-'));
const env = { ...process.env, OPSFLOW_ALERTMANAGER_RUN_DIR: run, OPSFLOW_ALERTMANAGER_CONFIG: resolve(run, 'in.yml') };
let receiver: Server;
let url: string;
const sensors = catalogSensors();

function script(name: string): void {
  const result = spawnSync('bash', [resolve(repoRoot, 'scripts/alertmanager', name)], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${name}: ${result.stdout}${result.stderr}`);
}

async function waitFor(what: string, found: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!found()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const labels = (alertname: string, deployment: string) => ({
  alertname,
  cluster: 'prod-ocp',
  namespace: 'shop',
  deployment,
  severity: 'warning',
});

async function post(alerts: unknown[]): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!response.ok) throw new Error(`POST alerts: ${response.status} ${await response.text()}`);
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
        body: JSON.parse(text),
      });
      response.end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const { port } = receiver.address() as AddressInfo;
  writeFileSync(
    resolve(run, 'in.yml'),
    [
      'route:',
      '  receiver: opsflow',
      '  group_by: [alertname, cluster, namespace, deployment]',
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: opsflow',
      '    webhook_configs:',
      `      - url: http://127.0.0.1:${port}/alerts`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            credentials: test-token',
      '',
    ].join('\n'),
  );
  script('start.sh');
  url = readFileSync(resolve(run, 'url'), 'utf8').trim();

  const startsAt = new Date().toISOString();
  await post([
    { labels: labels('KubeDeploymentRolloutStuck', 'checkout'), startsAt },
    { labels: labels('KubePodCrashLooping', 'cart'), startsAt },
  ]);
  await waitFor('two firing notifications', () => received.filter((n) => n.body.status === 'firing').length >= 2);
  // Resolve the stuck rollout: Alertmanager sends the resolved notification for its group.
  await post([
    { labels: labels('KubeDeploymentRolloutStuck', 'checkout'), startsAt, endsAt: new Date().toISOString() },
  ]);
  await waitFor('a resolved notification', () => received.some((n) => n.body.status === 'resolved'));
}, 60_000);

afterAll(async () => {
  script('stop.sh');
  rmSync(run, { recursive: true, force: true });
  await new Promise((done) => receiver?.close(done));
});

const started = (notification: Notification) =>
  replay(sensors, {
    eventSourceName: 'alertmanager',
    eventName: 'alerts',
    data: webhookEventData(notification.body, notification.headers),
  }).map(({ sensor, name, arguments: args }) => ({ sensor, name, args }));
const about = (alertname: string, status: string) =>
  received.filter(
    (n) => n.body.status === status && (n.body.commonLabels as Record<string, string>).alertname === alertname,
  );

test('a firing KubeDeploymentRolloutStuck notification restarts its Deployment', () => {
  const [firing] = about('KubeDeploymentRolloutStuck', 'firing');
  expect(firing!.headers.authorization).toBe('Bearer test-token');
  expect(firing!.body.version).toBe('4');
  expect(started(firing!)).toEqual([
    {
      sensor: 'restart-stuck-deployment',
      name: 'openshift-workload-restart-*',
      args: { cluster: 'prod-ocp', namespace: 'shop', kind: 'Deployment', name: 'checkout', minIntervalMinutes: '30' },
    },
  ]);
});

test('resolved notifications and other alerts start nothing', () => {
  const resolved = about('KubeDeploymentRolloutStuck', 'resolved');
  expect(resolved).toHaveLength(1);
  expect(started(resolved[0]!)).toEqual([]);
  const other = about('KubePodCrashLooping', 'firing');
  expect(other).toHaveLength(1);
  expect(started(other[0]!)).toEqual([]);
});
