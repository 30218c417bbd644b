import type { App } from 'cdk8s';
import { parse } from 'yaml';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { renderApp } from '../../src/synth/render.js';
import type { Manifest } from '../constructs/events/helpers.js';
import { buildEventsApp } from './events-app.js';

function files(app: App): Map<string, Manifest> {
  app.synthYaml(); // construct validations, as synth runs them
  return new Map(renderApp(app).map((file) => [file.path, parse(file.content)]));
}

describe('EventSources and Sensors charts', () => {
  it('writes the slice into eventsources/, sensors/ and charts/platform/, passing the cross-reference checks', () => {
    const output = files(buildEventsApp());
    const paths = [...output.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        'eventsources/alertmanager.yaml',
        'sensors/restart-stuck-deployment.yaml',
        'charts/platform/eventbus-default.yaml',
        'charts/platform/service-alertmanager-eventsource.yaml',
        'charts/platform/serviceaccount-restart-stuck-deployment-sensor.yaml',
        'charts/platform/role-restart-stuck-deployment-sensor.yaml',
        'charts/platform/rolebinding-restart-stuck-deployment-sensor.yaml',
      ]),
    );
    expect(output.get('charts/platform/eventbus-default.yaml')!.spec.jetstream).toMatchObject({
      version: '2.10.29',
      replicas: 3,
    });
    expect(output.get('eventsources/alertmanager.yaml')!.spec.webhook.alerts.authSecret).toEqual({
      name: 'opsflow-alertmanager-webhook',
      key: 'token',
    });
  });

  it('wires the automation: anchored filters, parameters by name, rate limit and the automation label', () => {
    const sensor = files(buildEventsApp()).get('sensors/restart-stuck-deployment.yaml')!;
    expect(sensor.metadata.namespace).toBe('opsflow');
    expect(sensor.spec.dependencies[0].filters.data).toContainEqual({
      path: 'body.commonLabels.alertname',
      type: 'string',
      value: ['^KubeDeploymentRolloutStuck$'],
    });
    const [trigger] = sensor.spec.triggers;
    expect(trigger.atLeastOnce).toBe(true);
    expect(trigger.rateLimit).toEqual({ unit: 'Minute', requestsPerUnit: 5 });
    const workflow = trigger.template.k8s.source.resource;
    expect(workflow.metadata.labels).toEqual({ 'opsflow.io/automation': 'restart-stuck-deployment' });
    expect(workflow.spec.workflowTemplateRef).toEqual({ name: 'openshift-workload-restart' });
    expect(workflow.spec.arguments.parameters.map((p: { name: string }) => p.name)).toEqual([
      'cluster',
      'namespace',
      'kind',
      'name',
      'minIntervalMinutes',
    ]);
    expect(
      trigger.template.k8s.parameters.map((p: { dest: string; src: { dataKey: string } }) => [p.src.dataKey, p.dest]),
    ).toEqual([
      ['body.commonLabels.cluster', 'spec.arguments.parameters.0.value'],
      ['body.commonLabels.namespace', 'spec.arguments.parameters.1.value'],
      ['body.commonLabels.deployment', 'spec.arguments.parameters.3.value'],
    ]);
  });

  it('takes the EventBus settings from the site and reports a bad one at synth', () => {
    const site = loadSite(exampleSite);
    const app = buildEventsApp({ ...site, eventBus: { jetstreamVersion: 'latest' as '2.10.29', replicas: 1 } });
    expect(() => app.synthYaml()).toThrow(/EventBus default: spec\.jetstream\.version: .*\(got "latest"\)/);
  });

  it('names the automation and the EventSource or action missing from the catalog', () => {
    const app = buildApp(loadSite(exampleSite), {
      actions: [],
      eventSources: [],
      schedules: [],
      automations: catalog.automations,
    });
    expect(() => app.synthYaml()).toThrow(
      /automation restart-stuck-deployment: EventSource "alertmanager" is not in the catalog's event sources/,
    );
    expect(() => app.synthYaml()).toThrow(
      /automation restart-stuck-deployment: action "openshift-workload-restart" has no WorkflowTemplate/,
    );
  });

  it('refuses an event source definition that builds an EventSource of another name', () => {
    const [alertmanager] = catalog.eventSources;
    const renamed = { name: 'alerts', create: alertmanager!.create };
    expect(() => buildApp(loadSite(exampleSite), { ...catalog, eventSources: [renamed] })).toThrow(
      'event source definition "alerts" built EventSource "alertmanager": names must match and be unique',
    );
  });
});
