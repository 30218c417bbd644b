import type { App } from 'cdk8s';
import { parse } from 'yaml';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { renderApp } from '../../src/synth/render.js';
import { type Manifest, synthErrors } from '../constructs/events/helpers.js';
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
        'sensors/alert-routes.yaml',
        'workflowtemplates/opsflow-alert-fan-out.yaml',
        'charts/platform/eventbus-default.yaml',
        'charts/platform/service-alertmanager-eventsource.yaml',
        'charts/platform/serviceaccount-alert-routes-sensor.yaml',
        'charts/platform/role-alert-routes-sensor.yaml',
        'charts/platform/rolebinding-alert-routes-sensor.yaml',
        'charts/platform/serviceaccount-opsflow-workflow-alert-fan-out.yaml',
        'charts/platform/role-opsflow-workflow-alert-fan-out.yaml',
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

  it('wires the alert routes: firing v4 notifications with a run, the fan-out named by the notification, least privilege', () => {
    const output = files(buildEventsApp());
    const sensor = output.get('sensors/alert-routes.yaml')!;
    expect(sensor.metadata.namespace).toBe('opsflow');
    expect(sensor.spec.dependencies[0].filters.data).toEqual([
      { path: 'body.version', type: 'string', value: ['^4$'] },
      { path: 'body.status', type: 'string', value: ['^firing$'] },
      { path: 'body.opsflow.runs.#', type: 'number', comparator: '>', value: ['0'] },
    ]);
    const [trigger] = sensor.spec.triggers;
    expect(trigger.atLeastOnce).toBe(true);
    expect(trigger.template.k8s.operation).toBe('patch');
    const workflow = trigger.template.k8s.source.resource;
    expect(workflow.metadata.labels).toEqual({ 'opsflow.io/automation': 'alert-routes' });
    expect(workflow.spec.workflowTemplateRef).toEqual({ name: 'opsflow-alert-fan-out' });
    expect(
      trigger.template.k8s.parameters.map((p: { dest: string; src: { dataKey?: string; dataTemplate?: string } }) => [
        p.src.dataKey ?? p.src.dataTemplate,
        p.dest,
      ]),
    ).toEqual([
      ['body.opsflow.runs', 'spec.arguments.parameters.0.value'],
      ['body.groupKey', 'spec.arguments.parameters.1.value'],
      ['{{ .Input.body.opsflow.key | sha256sum | trunc 20 }}', 'metadata.name'],
      ['{{ .Input.body.opsflow.key | sha256sum | trunc 20 }}', 'metadata.annotations.opsflow\\.io/event'],
    ]);
    // The fan-out applies Workflows and reports its results, nothing else; its children run as their own templates.
    expect(output.get('charts/platform/role-opsflow-workflow-alert-fan-out.yaml')!.rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'create', 'patch'] },
    ]);
    const start = output
      .get('workflowtemplates/opsflow-alert-fan-out.yaml')!
      .spec.templates.find((t: { name: string }) => t.name === 'start');
    expect(start.resource.action).toBe('apply');
    expect(start.retryStrategy).toEqual({ limit: 4, retryPolicy: 'Always', backoff: { duration: '10s', factor: 2 } });
  });

  it('names a route whose template is missing or whose mapping does not fit it', () => {
    const route = catalog.alertRoutes.routes[0]!;
    const app = buildApp(loadSite(exampleSite), {
      ...catalog,
      alertRoutes: {
        on: catalog.alertRoutes.on,
        routes: [
          { ...route, name: 'nowhere', template: 'no-such-template' },
          {
            ...route,
            name: 'unmapped',
            parameters: { ...route.parameters, podName: { from: 'label', label: 'pod', pattern: '.+' } },
          },
          { ...route, name: 'bad-pattern', labels: { pod: '(?=x)' } },
        ],
      },
    });
    const errors = synthErrors(app);
    expect(errors).toEqual(
      expect.arrayContaining([
        '[sensors] alert route nowhere: template "no-such-template" is not a WorkflowTemplate of the catalog',
        expect.stringMatching(
          /^\[sensors\] alert route unmapped: parameters\.podName: is not a parameter of WorkflowTemplate openshift-workload-restart .*\(got "podName"\)$/,
        ),
        expect.stringMatching(
          /^\[sensors\] alert route bad-pattern: parameters: must set the same parameters as route unmapped of the same template/,
        ),
        expect.stringMatching(/^\[sensors\] alert route bad-pattern: labels\.pod\.value: uses lookaround/),
      ]),
    );
  });

  it("names a route to a runbook that breaks the runbook's interface: another alertname, a label parameter not from its label", () => {
    const [, crashLoop] = catalog.alertRoutes.routes;
    expect(crashLoop!.template).toBe('openshift-pod-crashloop-runbook');
    const app = buildApp(loadSite(exampleSite), {
      ...catalog,
      alertRoutes: {
        on: catalog.alertRoutes.on,
        routes: [
          {
            ...crashLoop!,
            alertname: 'KubePodNotReady',
            parameters: { ...crashLoop!.parameters, pod: { from: 'label', label: 'container', pattern: '[a-z]+' } },
          },
        ],
      },
    });
    expect(synthErrors(app)).toEqual([
      '[sensors] alert route pod-crashloop-runbook: alertname: must be KubePodCrashLooping, the alert runbook openshift-pod-crashloop-runbook handles (got "KubePodNotReady")',
      "[sensors] alert route pod-crashloop-runbook: parameters.pod: must be the alert's label pod (fromLabel('pod', ...)), as runbook openshift-pod-crashloop-runbook expects (got \"label container\")",
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
      /automation ironic-node-sync: EventSource "openstack-ironic" is not in the catalog's event sources/,
    );
    expect(() => app.synthYaml()).toThrow(
      /automation ironic-node-sync: action "nautobot-device-sync" has no WorkflowTemplate/,
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
