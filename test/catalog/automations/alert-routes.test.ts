import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { webhookEventData } from '../../../src/constructs/events/index.js';
import { deliverAlerts, summary } from './alert-fan-out.js';

type Alert = { status: string; labels: Record<string, string>; fingerprint: string; startsAt: string };
type Notification = { status: string; groupKey: string; alerts: Alert[]; commonLabels: Record<string, string> };

const fixture = (name: string): Notification =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alertmanager/${name}`, import.meta.url), 'utf8'));

/** Alertmanager's POST as the webhook EventSource publishes it. */
const post = (body: unknown) => ({
  eventSourceName: 'alertmanager',
  eventName: 'alerts',
  data: webhookEventData(body, { 'content-type': 'application/json', authorization: 'Bearer secret-token' }),
});

const restart = (name: string) => ({
  template: 'openshift-workload-restart',
  route: 'restart-stuck-deployment',
  arguments: { cluster: 'prod-ocp', namespace: 'shop', kind: 'Deployment', name, minIntervalMinutes: '30' },
});

describe('alert route restart-stuck-deployment (Alertmanager webhooks through the alert-routes Sensor and the fan-out)', () => {
  it('restarts the Deployment of a firing KubeDeploymentRolloutStuck alert, in a run named after group, fingerprint and startsAt', () => {
    const body = fixture('firing.json');
    const { children, workflows } = deliverAlerts([post(body)]);
    expect(children.map(summary)).toEqual([restart('checkout')]);
    const [alert] = body.alerts;
    const why = `restart-stuck-deployment ${body.groupKey} ${alert!.fingerprint} ${alert!.startsAt}`;
    const key = Buffer.from(why).toString('base64');
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 20);
    expect(children[0]!.metadata).toEqual({
      name: `openshift-workload-restart-${hash}`,
      namespace: 'opsflow',
      labels: { 'opsflow.io/automation': 'alert-routes', 'opsflow.io/alert-route': 'restart-stuck-deployment' },
      // Why it ran: the route and the alert's identity, the group key's quotes kept.
      annotations: { 'opsflow.io/event': why },
    });
    expect(why).toContain('"');
    // The notification's own Workflow: created by the Sensor with a name of the notification's key.
    const fanOut = [...workflows.keys()].filter((name) => name.startsWith('opsflow-alert-fan-out-'));
    expect(fanOut).toEqual([expect.stringMatching(/^opsflow-alert-fan-out-[0-9a-f]{20}$/)]);
  });

  it('runs every firing alert of a notification grouped over several Deployments, not only commonLabels', () => {
    const { children } = deliverAlerts([post(fixture('firing-grouped-by-alertname.json'))]);
    expect(children.map(summary)).toEqual([restart('checkout'), restart('cart')]);
  });

  it('skips the resolved alerts of a firing notification', () => {
    const body = fixture('firing-grouped-by-alertname.json');
    body.alerts[0]!.status = 'resolved';
    expect(deliverAlerts([post(body)]).children.map(summary)).toEqual([restart('cart')]);
  });

  it('starts nothing for a resolved notification', () => {
    const { workflows } = deliverAlerts([post(fixture('resolved.json'))]);
    expect([...workflows.keys()]).toEqual([]);
  });

  it('starts nothing for an alert whose name merely contains the expected one, or whose label is not a name', () => {
    const body = fixture('firing-grouped-by-alertname.json');
    body.alerts[0]!.labels.alertname = 'KubeDeploymentRolloutStuckTooLong';
    body.alerts[1]!.labels.namespace = 'shop; rm -rf /';
    const { workflows } = deliverAlerts([post(body)]);
    expect([...workflows.keys()]).toEqual([]);
  });

  it('a re-sent notification starts nothing; a new alert joining the group starts only the new one', () => {
    const grouped = fixture('firing-grouped-by-alertname.json');
    const first = { ...grouped, alerts: [grouped.alerts[0]!] };
    const { runs, children, notifications } = deliverAlerts([post(first), post(first), post(grouped)]);
    expect(notifications.map((n) => n.outcome)).toEqual(['created', 'patched', 'created']);
    expect(runs.map((run) => run.outcome)).toEqual(['created', 'unchanged', 'created']);
    expect(children.map(summary)).toEqual([restart('checkout'), restart('cart')]);
  });

  it('distinct alerts about one Deployment each run (the action mutex serializes them)', () => {
    const body = fixture('firing-grouped-by-alertname.json');
    body.alerts[1]!.labels.deployment = 'checkout';
    const { children } = deliverAlerts([post(body)]);
    expect(children.map(summary)).toEqual([restart('checkout'), restart('checkout')]);
    expect(new Set(children.map((child) => child.metadata.name)).size).toBe(2);
  });

  it('ignores events of other sources', () => {
    const event = { ...post(fixture('firing.json')), eventSourceName: 'nautobot' };
    expect([...deliverAlerts([event]).workflows.keys()]).toEqual([]);
  });
});

const crashLoopRunbook = (pod: string) => ({
  template: 'openshift-pod-crashloop-runbook',
  route: 'pod-crashloop-runbook',
  arguments: { cluster: 'prod-ocp', namespace: 'shop', pod },
});

// Fixtures captured from a real Alertmanager (OPSFLOW_CAPTURE_ALERTMANAGER_FIXTURES=1 with
// test/integration/events/alertmanager-automations.test.ts).
describe('the runbook routes (real Alertmanager notifications through the alert-routes Sensor and the fan-out)', () => {
  it('starts the crash-loop runbook once per pod of a KubePodCrashLooping notification carrying two pods', () => {
    const { children } = deliverAlerts([post(fixture('crash-looping-two-pods.json'))]);
    expect(children.map(summary)).toEqual([
      crashLoopRunbook('cart-7d4b9c-x2x4z'),
      crashLoopRunbook('checkout-5d9c7b-q8k2m'),
    ]);
    expect(children.map((child) => child.metadata.labels['opsflow.io/alert-route'])).toEqual([
      'pod-crashloop-runbook',
      'pod-crashloop-runbook',
    ]);
    expect(new Set(children.map((child) => child.metadata.name)).size).toBe(2);
  });

  it('starts nothing for the resolved KubePodCrashLooping notification', () => {
    expect([...deliverAlerts([post(fixture('crash-looping-resolved.json'))]).workflows.keys()]).toEqual([]);
  });

  it('starts nothing for a pod whose label is not an object name (the route anchors its pattern)', () => {
    const body = fixture('crash-looping-two-pods.json');
    body.alerts[0]!.labels.pod = 'cart-1 --all';
    expect(deliverAlerts([post(body)]).children.map(summary)).toEqual([crashLoopRunbook('checkout-5d9c7b-q8k2m')]);
  });

  it('starts the hypervisor-down runbook for the host of a NovaHypervisorDown notification', () => {
    const { children } = deliverAlerts([post(fixture('hypervisor-down.json'))]);
    expect(children.map(summary)).toEqual([
      {
        template: 'openstack-hypervisor-down-runbook',
        route: 'hypervisor-down-runbook',
        arguments: { host: 'compute-17' },
      },
    ]);
  });

  it('starts nothing for a host label with a space, or an alert whose name merely contains NovaHypervisorDown', () => {
    const badHost = fixture('hypervisor-down.json');
    badHost.alerts[0]!.labels.host = 'compute-17 compute-18';
    const lookAlike = fixture('hypervisor-down.json');
    lookAlike.alerts[0]!.labels.alertname = 'NovaHypervisorDownSoon';
    expect([...deliverAlerts([post(badHost), post(lookAlike)]).workflows.keys()]).toEqual([]);
  });
});
