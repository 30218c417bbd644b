import { readFileSync } from 'node:fs';
import { evaluateSensor, type v1alpha1, webhookEventData } from '../../../src/constructs/events/index.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { find, synth } from '../../constructs/events/helpers.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alertmanager/${name}`, import.meta.url), 'utf8'));

function generatedSensor() {
  return find(synth(buildEventsApp()), 'Sensor', 'restart-stuck-deployment') as {
    metadata: { name: string };
    spec: v1alpha1.SensorSpec;
  };
}

/** Alertmanager's POST as the webhook EventSource publishes it. */
function alertmanagerPost(body: unknown) {
  const headers = {
    'content-type': 'application/json',
    authorization: 'Bearer secret-token',
    'user-agent': 'Alertmanager/0.28.1',
  };
  return { eventSourceName: 'alertmanager', eventName: 'alerts', data: webhookEventData(body, headers) };
}

describe('automation restart-stuck-deployment (replayed Alertmanager webhooks)', () => {
  it('restarts the Deployment of a firing KubeDeploymentRolloutStuck notification', () => {
    const fired = evaluateSensor(generatedSensor(), alertmanagerPost(fixture('firing.json')));
    expect(fired).toEqual([
      {
        trigger: 'openshift-workload-restart',
        operation: 'create',
        resource: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: {
            generateName: 'openshift-workload-restart-',
            namespace: 'opsflow',
            labels: {
              'opsflow.io/automation': 'restart-stuck-deployment',
              'events.argoproj.io/sensor': 'restart-stuck-deployment',
              'events.argoproj.io/trigger': 'openshift-workload-restart',
            },
          },
          spec: {
            workflowTemplateRef: { name: 'openshift-workload-restart' },
            arguments: {
              parameters: [
                { name: 'cluster', value: 'prod-ocp' },
                { name: 'namespace', value: 'shop' },
                { name: 'kind', value: 'Deployment' },
                { name: 'name', value: 'checkout' },
                { name: 'minIntervalMinutes', value: '30' },
              ],
            },
          },
        },
      },
    ]);
  });

  it('does nothing when the alert resolves', () => {
    expect(evaluateSensor(generatedSensor(), alertmanagerPost(fixture('resolved.json')))).toEqual([]);
  });

  it('does nothing for a notification grouped over several Deployments (no deployment in commonLabels)', () => {
    expect(evaluateSensor(generatedSensor(), alertmanagerPost(fixture('firing-grouped-by-alertname.json')))).toEqual(
      [],
    );
  });

  it('does nothing for another alert whose name merely contains the expected one', () => {
    const body = fixture('firing.json') as { commonLabels: Record<string, string> };
    body.commonLabels.alertname = 'KubeDeploymentRolloutStuckTooLong';
    expect(evaluateSensor(generatedSensor(), alertmanagerPost(body))).toEqual([]);
  });

  it('does nothing when a label the parameters read is not a valid name', () => {
    const body = fixture('firing.json') as { commonLabels: Record<string, string> };
    body.commonLabels.namespace = 'shop; rm -rf /';
    expect(evaluateSensor(generatedSensor(), alertmanagerPost(body))).toEqual([]);
  });

  it('ignores events of other sources', () => {
    const event = { ...alertmanagerPost(fixture('firing.json')), eventSourceName: 'nautobot' };
    expect(evaluateSensor(generatedSensor(), event)).toEqual([]);
  });
});
