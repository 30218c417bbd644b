import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { webhookEventData } from '../../../src/constructs/events/index.js';
import { deliverAlerts, summary } from '../../catalog/automations/alert-fan-out.js';
import { repoRoot } from '../peers.js';

/**
 * The alert routes against what a real Alertmanager sends: one of its own (scripts/alertmanager/start.sh with a
 * webhook receiver on a local port, grouped by alertname so one notification carries several alerts, re-sending
 * every 2 s), alerts posted to its API step by step, and every notification it sent replayed in order through the
 * generated Sensor and fan-out (test/catalog/automations/alert-fan-out.ts).
 */
type Notification = {
  headers: Record<string, string>;
  body: Record<string, unknown> & { status: string; alerts: { status: string; fingerprint: string }[] };
};
const received: Notification[] = [];
const run = mkdtempSync(resolve(tmpdir(), 'opsflow-am-automation-'));
const env = { ...process.env, OPSFLOW_ALERTMANAGER_RUN_DIR: run, OPSFLOW_ALERTMANAGER_CONFIG: resolve(run, 'in.yml') };
let receiver: Server;
let url: string;
/** How many notifications had arrived when each step of the story began. */
const marks: Record<string, number> = {};

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

const labels = (alertname: string, deployment: string, pod: string) => ({
  alertname,
  cluster: 'prod-ocp',
  namespace: 'shop',
  deployment,
  pod,
  severity: 'warning',
});
const STUCK = 'KubeDeploymentRolloutStuck';
const startsAt = new Date().toISOString();
const checkout = { labels: labels(STUCK, 'checkout', 'checkout-1'), startsAt };
const cart = { labels: labels(STUCK, 'cart', 'cart-1'), startsAt };
// Another alert about the same Deployment (another pod label): a distinct alert, a run of its own.
const checkoutAgain = { labels: labels(STUCK, 'checkout', 'checkout-2'), startsAt };
const CRASH_LOOPING = 'KubePodCrashLooping';
const crashLoop = (pod: string) => ({
  labels: {
    alertname: CRASH_LOOPING,
    cluster: 'prod-ocp',
    namespace: 'shop',
    pod,
    container: 'app',
    severity: 'warning',
  },
  startsAt,
});
const crashLoops = [crashLoop('cart-7d4b9c-x2x4z'), crashLoop('checkout-5d9c7b-q8k2m')];
const HYPERVISOR_DOWN = 'NovaHypervisorDown';
const hypervisorDown = { labels: { alertname: HYPERVISOR_DOWN, host: 'compute-17', severity: 'critical' }, startsAt };
/** An alert no route handles. */
const unrouted = { labels: labels('KubePodNotReady', 'cart', 'cart-1'), startsAt };

async function post(alerts: unknown[]): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!response.ok) throw new Error(`POST alerts: ${response.status} ${await response.text()}`);
}

const firingOf = (n: Notification) => n.body.alerts.filter((alert) => alert.status === 'firing').length;
const about = (alertname: string) =>
  received.filter((n) => (n.body.commonLabels as Record<string, string>).alertname === alertname);

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
      '  group_by: [alertname]',
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 2s',
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
  const stuck = () => about(STUCK);

  await post([checkout, unrouted]);
  await waitFor('the first notification', () => stuck().length >= 1);
  marks.first = received.length;
  // Nothing changed: Alertmanager sends the same group again after repeat_interval.
  await waitFor('a re-sent notification', () => stuck().filter((n) => firingOf(n) === 1).length >= 2);
  marks.resent = received.length;
  await post([cart]);
  await waitFor('the group with cart', () => stuck().some((n) => firingOf(n) === 2));
  marks.joined = received.length;
  await post([checkoutAgain]);
  await waitFor('the group with three alerts', () => stuck().some((n) => firingOf(n) === 3));
  marks.again = received.length;
  // Two pods crash-looping, posted together: grouped by alertname, one notification carries both.
  await post([...crashLoops, hypervisorDown]);
  await waitFor(
    'the crash loops and the hypervisor down',
    () => about(CRASH_LOOPING).some((n) => firingOf(n) === 2) && about(HYPERVISOR_DOWN).length >= 1,
  );
  marks.runbooks = received.length;
  const endsAt = new Date().toISOString();
  await post([checkout, cart, checkoutAgain, ...crashLoops, hypervisorDown].map((alert) => ({ ...alert, endsAt })));
  const resolved = (alertname: string) => about(alertname).some((n) => n.body.status === 'resolved');
  await waitFor('the resolved notifications', () => [STUCK, CRASH_LOOPING, HYPERVISOR_DOWN].every(resolved));
  marks.resolved = received.length;
  captureFixtures();
}, 90_000);

/**
 * OPSFLOW_CAPTURE_ALERTMANAGER_FIXTURES=1 writes what this Alertmanager sent for the runbook routes to
 * test/fixtures/alertmanager, which the unit tests replay (test/catalog/automations/alert-routes.test.ts).
 */
function captureFixtures(): void {
  if (!process.env.OPSFLOW_CAPTURE_ALERTMANAGER_FIXTURES) return;
  const write = (name: string, notification: Notification | undefined) => {
    if (!notification) throw new Error(`capture ${name}: no such notification`);
    writeFileSync(
      resolve(repoRoot, 'test/fixtures/alertmanager', name),
      `${JSON.stringify(notification.body, null, 2)}\n`,
    );
  };
  write(
    'crash-looping-two-pods.json',
    about(CRASH_LOOPING).find((n) => firingOf(n) === 2),
  );
  write(
    'crash-looping-resolved.json',
    about(CRASH_LOOPING).find((n) => n.body.status === 'resolved'),
  );
  write(
    'hypervisor-down.json',
    about(HYPERVISOR_DOWN).find((n) => n.body.status === 'firing'),
  );
}

afterAll(async () => {
  script('stop.sh');
  rmSync(run, { recursive: true, force: true });
  await new Promise((done) => receiver?.close(done));
});

const events = (notifications: Notification[]) =>
  notifications.map((n) => ({
    eventSourceName: 'alertmanager',
    eventName: 'alerts',
    data: webhookEventData(n.body, n.headers),
  }));
/** The child runs after the notifications received up to a step of the story. */
const runsUpTo = (mark: number) => deliverAlerts(events(received.slice(0, mark)));
const restart = (name: string) => ({
  template: 'openshift-workload-restart',
  route: 'restart-stuck-deployment',
  arguments: { cluster: 'prod-ocp', namespace: 'shop', kind: 'Deployment', name, minIntervalMinutes: '30' },
});
const crashLoopRunbook = (pod: string) => ({
  template: 'openshift-pod-crashloop-runbook',
  route: 'pod-crashloop-runbook',
  arguments: { cluster: 'prod-ocp', namespace: 'shop', pod },
});

test('Alertmanager sends version 4 with the bearer token', () => {
  const [first] = about(STUCK);
  expect(first!.headers.authorization).toBe('Bearer test-token');
  expect(first!.body.version).toBe('4');
});

test('the first notification restarts its Deployment; the re-sent one starts no second run', () => {
  expect(runsUpTo(marks.first!).children.map(summary)).toEqual([restart('checkout')]);
  const resent = runsUpTo(marks.resent!);
  expect(resent.children.map(summary)).toEqual([restart('checkout')]);
  // The re-sent notification has the same name as the first: the Sensor's patch finds it and changes nothing.
  expect(resent.notifications.filter((n) => n.outcome === 'patched').length).toBeGreaterThanOrEqual(1);
});

test('a new alert joining the group starts only the new one; another alert about the same Deployment runs too', () => {
  const joined = runsUpTo(marks.joined!);
  expect(joined.children.map(summary)).toEqual([restart('checkout'), restart('cart')]);
  // The joined notification's fan-out applied checkout again (unchanged) and created cart.
  expect(joined.runs.filter((r) => r.outcome === 'created')).toHaveLength(2);
  const again = runsUpTo(marks.again!);
  expect(again.children.map(summary)).toEqual([restart('checkout'), restart('cart'), restart('checkout')]);
  expect(new Set(again.children.map((child) => child.metadata.name)).size).toBe(3);
});

test('a notification of two crash-looping pods starts the runbook per pod; a hypervisor down starts its runbook', () => {
  const [twoPods] = about(CRASH_LOOPING).filter((n) => firingOf(n) === 2);
  expect(deliverAlerts(events([twoPods!])).children.map(summary)).toEqual([
    crashLoopRunbook('cart-7d4b9c-x2x4z'),
    crashLoopRunbook('checkout-5d9c7b-q8k2m'),
  ]);
  const [down] = about(HYPERVISOR_DOWN);
  expect(deliverAlerts(events([down!])).children.map(summary)).toEqual([
    {
      template: 'openstack-hypervisor-down-runbook',
      route: 'hypervisor-down-runbook',
      arguments: { host: 'compute-17' },
    },
  ]);
});

test('resolved notifications and alerts without a route start nothing', () => {
  const resolved = received.slice(marks.runbooks).filter((n) => n.body.status === 'resolved');
  expect(resolved.length).toBeGreaterThanOrEqual(3);
  expect([...deliverAlerts(events(resolved)).workflows.keys()]).toEqual([]);
  const other = about('KubePodNotReady');
  expect(other.length).toBeGreaterThanOrEqual(1);
  expect([...deliverAlerts(events(other)).workflows.keys()]).toEqual([]);
  // Everything Alertmanager sent, replayed in order: six runs, one per distinct firing alert with a route.
  expect(runsUpTo(marks.resolved!).children).toHaveLength(6);
});
