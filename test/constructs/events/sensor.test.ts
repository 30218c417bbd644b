import type { Chart } from 'cdk8s';
import {
  Filter,
  Param,
  Sensor,
  Transform,
  WebhookEventSource,
  WorkflowTrigger,
} from '../../../src/constructs/events/index.js';
import type { IWorkflowTemplate } from '../../../src/constructs/workflow-template-ref.js';
import { find, type Manifest, newChart, restartTemplate, synth, synthErrors } from './helpers.js';

function alertSource(chart: Chart) {
  return new WebhookEventSource(chart, 'Alertmanager', {
    name: 'alertmanager',
    events: { alerts: { endpoint: '/alerts', authSecret: { name: 'opsflow-alertmanager-webhook', key: 'token' } } },
  });
}

/** A Sensor restarting workloads from alerts, with `parameters` built from its dependency. */
function restartSensor(
  chart: Chart,
  parameters: (dep: ReturnType<Sensor['addDependency']>) => Record<string, ReturnType<typeof Param.constant>>,
  template = restartTemplate,
) {
  const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
  const dep = sensor.addDependency('alert', {
    event: alertSource(chart).event('alerts'),
    filters: [
      Filter.equals('body.status', 'firing'),
      Filter.equals('body.commonLabels.alertname', 'KubePodCrashLooping'),
    ],
  });
  sensor.addTrigger(
    new WorkflowTrigger({
      template,
      parameters: parameters(dep),
      labels: { 'opsflow.io/automation': 'restart-crashlooping' },
    }),
  );
  return sensor;
}

const fullMapping = (dep: ReturnType<Sensor['addDependency']>) => ({
  name: dep.value('body.commonLabels.deployment'),
  cluster: dep.value('body.commonLabels.cluster', { default: 'local' }),
  kind: Param.constant('Deployment'),
  namespace: dep.template('{{ .Input.body.commonLabels.namespace | lower }}'),
});

function trigger(objects: Manifest[]) {
  return find(objects, 'Sensor', 'restart-crashlooping').spec.triggers[0];
}

describe('Sensor', () => {
  it('references the event through the source, with anchored filters, on its own ServiceAccount', () => {
    const { app, chart } = newChart();
    restartSensor(chart, fullMapping);
    const sensor = find(synth(app), 'Sensor', 'restart-crashlooping');
    expect(sensor.spec.eventBusName).toBe('default');
    expect(sensor.spec.template.serviceAccountName).toBe('restart-crashlooping-sensor');
    expect(sensor.spec.dependencies).toEqual([
      {
        name: 'alert',
        eventSourceName: 'alertmanager',
        eventName: 'alerts',
        filters: {
          data: [
            { path: 'body.status', type: 'string', value: ['^firing$'] },
            { path: 'body.commonLabels.alertname', type: 'string', value: ['^KubePodCrashLooping$'] },
          ],
        },
      },
    ]);
  });

  it('maps parameters by name: template order, computed dest indexes, constants inline', () => {
    const { app, chart } = newChart();
    restartSensor(chart, fullMapping);
    const t = trigger(synth(app));
    expect(t.template.name).toBe('openshift-workload-restart');
    expect(t.template.k8s.operation).toBe('create');
    expect(t.template.k8s.source.resource).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: 'openshift-workload-restart-',
        namespace: 'opsflow',
        labels: { 'opsflow.io/automation': 'restart-crashlooping' },
      },
      spec: {
        workflowTemplateRef: { name: 'openshift-workload-restart' },
        arguments: {
          parameters: [
            { name: 'cluster', value: '' },
            { name: 'namespace', value: '' },
            { name: 'kind', value: 'Deployment' },
            { name: 'name', value: '' },
          ],
        },
      },
    });
    expect(t.template.k8s.parameters).toEqual([
      {
        src: { dependencyName: 'alert', dataKey: 'body.commonLabels.cluster', value: 'local' },
        dest: 'spec.arguments.parameters.0.value',
      },
      {
        src: { dependencyName: 'alert', dataTemplate: '{{ .Input.body.commonLabels.namespace | lower }}' },
        dest: 'spec.arguments.parameters.1.value',
      },
      {
        src: { dependencyName: 'alert', dataKey: 'body.commonLabels.deployment' },
        dest: 'spec.arguments.parameters.3.value',
      },
    ]);
  });

  it('defaults the trigger to at-least-once with a retry strategy, on the Trigger (not its template)', () => {
    const { app, chart } = newChart();
    restartSensor(chart, fullMapping);
    const t = trigger(synth(app));
    expect(t.atLeastOnce).toBe(true);
    expect(t.retryStrategy).toEqual({ steps: 5, duration: '2s', factor: 2, jitter: 0.2 });
    expect(t.template.atLeastOnce).toBeUndefined();
    expect(t.rateLimit).toBeUndefined();
  });

  it('grants its ServiceAccount exactly create on workflows, once, in its namespace', () => {
    const { app, chart } = newChart();
    const sensor = restartSensor(chart, fullMapping);
    const dep = sensor.addDependency('again', {
      event: {
        eventSourceName: 'alertmanager',
        eventName: 'alerts',
        eventSourceType: 'webhook',
        eventBusName: 'default',
      },
    });
    sensor.addTrigger(
      new WorkflowTrigger({
        name: 'second',
        template: restartTemplate,
        parameters: { ...fullMapping(dep), kind: Param.constant('Pod') },
      }),
    );
    const objects = synth(app);
    const account = find(objects, 'ServiceAccount', 'restart-crashlooping-sensor');
    expect(account.metadata.namespace).toBe('opsflow');
    expect(find(objects, 'Role', 'restart-crashlooping-sensor').rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'restart-crashlooping-sensor');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: 'restart-crashlooping-sensor' });
    expect(binding.subjects).toEqual([
      expect.objectContaining({ kind: 'ServiceAccount', name: 'restart-crashlooping-sensor', namespace: 'opsflow' }),
    ]);
    expect(objects.filter((o) => ['ClusterRole', 'ClusterRoleBinding'].includes(o.kind))).toEqual([]);
  });

  it('names an unknown parameter and every missing required one, all at once', () => {
    const { app, chart } = newChart();
    restartSensor(chart, (dep) => ({
      namespace: dep.value('body.commonLabels.namespace'),
      podName: dep.value('body.commonLabels.pod'),
    }));
    const errors = synthErrors(app);
    expect(errors).toEqual([
      expect.stringMatching(
        /Sensor restart-crashlooping: trigger openshift-workload-restart: parameters\.podName: is not a parameter of WorkflowTemplate openshift-workload-restart \(parameters: cluster, namespace, kind, name, wait, timeoutSeconds\) \(got "podName"\)/,
      ),
      expect.stringMatching(
        /trigger openshift-workload-restart: parameters\.cluster: is required by WorkflowTemplate openshift-workload-restart but not set/,
      ),
      expect.stringMatching(/parameters\.kind: is required/),
      expect.stringMatching(/parameters\.name: is required/),
    ]);
  });

  it('checks constants against the parameter enum and templates against .Input', () => {
    const { app, chart } = newChart();
    restartSensor(chart, (dep) => ({
      ...fullMapping(dep),
      kind: Param.constant('Deploymnet'),
      namespace: dep.template('{{ .body.commonLabels.namespace }}'),
    }));
    const errors = synthErrors(app);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /parameters\.kind: must be one of Deployment, StatefulSet, DaemonSet, Pod \(got "Deploymnet"\)/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /parameters\.namespace\.dataTemplate: must read the event at \.Input.*\(got "\{\{ \.body\.commonLabels\.namespace \}\}"\)/,
      ),
    );
  });

  it('refuses a template in another namespace than the Sensor', () => {
    const { app, chart } = newChart();
    restartSensor(chart, fullMapping, { ...restartTemplate, namespace: 'elsewhere' });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(
        /WorkflowTemplate openshift-workload-restart namespace: must be the Sensor's namespace "opsflow".*\(got "elsewhere"\)/,
      ),
    ]);
  });

  it('renders a rate limit and a dead-letter trigger, both at-least-once', () => {
    const { app, chart } = newChart();
    const notify: IWorkflowTemplate = {
      templateName: 'notify-failure',
      namespace: 'opsflow',
      parameters: [{ name: 'message', required: true }],
    };
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    sensor.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(dep),
        rateLimit: { unit: 'Minute', requestsPerUnit: 5 },
        deadLetter: new WorkflowTrigger({ template: notify, parameters: { message: dep.value('body.groupKey') } }),
      }),
    );
    const objects = synth(app);
    const t = trigger(objects);
    expect(t.rateLimit).toEqual({ unit: 'Minute', requestsPerUnit: 5 });
    expect(t.dlqTrigger.atLeastOnce).toBe(true);
    expect(t.dlqTrigger.template.name).toBe('notify-failure');
    expect(t.dlqTrigger.template.k8s.parameters).toEqual([
      { src: { dependencyName: 'alert', dataKey: 'body.groupKey' }, dest: 'spec.arguments.parameters.0.value' },
    ]);
    expect(find(objects, 'Role', 'restart-crashlooping-sensor').rules).toHaveLength(1);
  });

  it('refuses a dead-letter trigger without at-least-once, and a bad rate limit', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    sensor.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(dep),
        atLeastOnce: false,
        rateLimit: { unit: 'Second', requestsPerUnit: 0 },
        deadLetter: new WorkflowTrigger({
          name: 'dlq',
          template: restartTemplate,
          parameters: fullMapping(dep),
          atLeastOnce: false,
        }),
      }),
    );
    const errors = synthErrors(app);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /trigger openshift-workload-restart: atLeastOnce: must be true with a dlqTrigger.*\(got false\)/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/trigger openshift-workload-restart: dlqTrigger\.atLeastOnce: must be true.*\(got false\)/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/rateLimit\.requestsPerUnit: must be an integer of at least 1 \(got 0\)/),
    );
  });

  it('renders a jq transform, e.g. unwrapping the oslo.messaging envelope', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', {
      event: alertSource(chart).event('alerts'),
      transform: Transform.osloMessage(),
    });
    sensor.addTrigger(new WorkflowTrigger({ template: restartTemplate, parameters: fullMapping(dep) }));
    const [dependency] = find(synth(app), 'Sensor', 'restart-crashlooping').spec.dependencies;
    expect(dependency.transform).toEqual({ jq: Transform.osloMessage().jq });
  });

  it('reports a Sensor with nothing to do and a dependency on another EventBus', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'idle', eventBusName: 'other' });
    sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    expect(synthErrors(app)).toEqual([
      expect.stringMatching(/Sensor idle: spec\.triggers: needs at least one trigger/),
      expect.stringMatching(
        /Sensor idle: spec\.dependencies\.0\.eventSourceName: publishes on EventBus "default" but the Sensor listens on "other" \(got "alertmanager"\)/,
      ),
    ]);
  });
});
