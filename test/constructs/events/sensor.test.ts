import { Chart } from 'cdk8s';
import {
  backoffSpan,
  DEFAULT_TRIGGER_RETRY,
  DeadLetterTemplate,
  evaluateSensor,
  eventContext,
  Filter,
  Param,
  Sensor,
  Transform,
  WebhookEventSource,
  WorkflowTrigger,
  webhookEventData,
} from '../../../src/constructs/events/index.js';
import type { IWorkflowTemplate } from '../../../src/constructs/workflow-template-ref.js';
import { find, type Manifest, newChart, restartTemplate, synth, synthErrors } from './helpers.js';

function alertSource(chart: Chart) {
  return new WebhookEventSource(chart, 'Alertmanager', {
    name: 'alertmanager',
    events: { alerts: { endpoint: '/alerts', authSecret: { name: 'opsflow-alertmanager-webhook', key: 'token' } } },
  });
}

/** The chart's dead-letter template (one per chart, as the app has one per namespace). */
function deadLetterOf(chart: Chart): DeadLetterTemplate {
  return (
    (chart.node.tryFindChild('DeadLetter') as DeadLetterTemplate | undefined) ??
    new DeadLetterTemplate(chart, 'DeadLetter')
  );
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
      deadLetter: deadLetterOf(chart),
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
        annotations: { 'opsflow.io/event': 'alertmanager/alerts ' },
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
      {
        src: { dependencyName: 'alert', contextKey: 'id' },
        dest: 'metadata.annotations.opsflow\\.io/event',
        operation: 'append',
      },
    ]);
  });

  it('names why on the run: opsflow.io/event is the EventSource, event and CloudEvent id (the run key when keyed)', () => {
    const { app, chart } = newChart();
    restartSensor(chart, (dep) => ({
      cluster: dep.value('body.commonLabels.cluster'),
      namespace: dep.value('body.commonLabels.namespace'),
      kind: Param.constant('Deployment'),
      name: dep.value('body.commonLabels.deployment'),
    }));
    const sensor = find(synth(app), 'Sensor', 'restart-crashlooping') as unknown as Parameters<
      typeof evaluateSensor
    >[0];
    const body = {
      status: 'firing',
      commonLabels: { alertname: 'KubePodCrashLooping', cluster: 'c', namespace: 'n', deployment: 'd' },
    };
    const event = { eventSourceName: 'alertmanager', eventName: 'alerts', data: webhookEventData(body) };
    const [fired] = evaluateSensor(sensor, { ...event, context: { id: '7b0c3e5a9d1f4c2b8e6a1f2d3c4b5a69' } });
    expect((fired!.resource.metadata as { annotations: unknown }).annotations).toEqual({
      'opsflow.io/event': 'alertmanager/alerts 7b0c3e5a9d1f4c2b8e6a1f2d3c4b5a69',
    });
    expect(() => evaluateSensor(sensor, event)).toThrow('parameter reads contextKey id and the event has no context');
    // A replay gets the context the EventSource would give the event: a fresh id, the hex of a random UUID.
    const replayed = evaluateSensor(sensor, { ...event, context: eventContext('alertmanager', 'alerts', 'webhook') });
    expect((replayed[0]!.resource.metadata as { annotations: Record<string, string> }).annotations).toEqual({
      'opsflow.io/event': expect.stringMatching(/^alertmanager\/alerts [0-9a-f]{32}$/),
    });
  });

  it('defaults the trigger to at-least-once with a retry strategy, on the Trigger (not its template)', () => {
    const { app, chart } = newChart();
    restartSensor(chart, fullMapping);
    const t = trigger(synth(app));
    expect(t.atLeastOnce).toBe(true);
    expect(t.retryStrategy).toEqual({ steps: 10, duration: '1s', factor: 2, jitter: 0.2 });
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
        deadLetter: deadLetterOf(chart),
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

  it('runKey: names the Workflow <template>-<key> through a patch (create when new), granting get and patch', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'keyed' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    sensor.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(dep),
        deadLetter: deadLetterOf(chart),
        runKey: dep.value('body.groupId'),
      }),
    );
    const objects = synth(app);
    const { k8s } = find(objects, 'Sensor', 'keyed').spec.triggers[0].template;
    expect(k8s.operation).toBe('patch');
    expect(k8s.patchStrategy).toBe('application/merge-patch+json');
    expect(k8s.source.resource.metadata).toEqual({
      name: 'openshift-workload-restart-',
      namespace: 'opsflow',
      annotations: { 'opsflow.io/event': 'alertmanager/alerts ' },
    });
    // The event annotation's identity is the run key too, so a redelivery patches in the same value.
    expect(k8s.parameters.slice(-2)).toEqual(
      ['metadata.name', 'metadata.annotations.opsflow\\.io/event'].map((dest) => ({
        src: { dependencyName: 'alert', dataKey: 'body.groupId' },
        dest,
        operation: 'append',
      })),
    );
    expect(find(objects, 'Role', 'keyed-sensor').rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'patch'] },
    ]);
    // The dead letter keeps generateName and create: each failure is its own record.
    const dead = find(objects, 'Sensor', 'keyed').spec.triggers[0].dlqTrigger.template.k8s;
    expect([dead.operation, dead.source.resource.metadata.generateName]).toEqual(['create', 'opsflow-dead-letter-']);
  });

  it('runKey: refuses a constant, an unbounded template and a template name too long for its key', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'keyed' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    const long = { ...restartTemplate, templateName: 'a-workflow-template-with-a-very-long-name' };
    for (const [name, template, runKey] of [
      ['constant', restartTemplate, Param.constant('x')],
      ['unbounded', restartTemplate, dep.template('{{ .Input.body.key | sha256sum }}')],
      ['long', long, dep.value('body.id')],
      ['long-hash', long, dep.template('{{ .Input.body.key | sha256sum | trunc 30 }}')],
      ['hashed', restartTemplate, dep.template('{{ .Input.body.key | sha256sum | trunc 20 }}')],
    ] as const) {
      sensor.addTrigger(
        new WorkflowTrigger({ name, template, parameters: fullMapping(dep), deadLetter: deadLetterOf(chart), runKey }),
      );
    }
    const errors = synthErrors(app).filter((error) => error.includes('runKey'));
    const bounded = 'must be a value at a path of the event (the event identity) or a template ending in "| trunc <n>"';
    expect(errors).toEqual([
      `[test/Sensor] Sensor keyed: trigger constant: runKey: ${bounded} (got {"kind":"constant","value":"x"})`,
      expect.stringContaining(`trigger unbounded: runKey: ${bounded}`),
      '[test/Sensor] Sensor keyed: trigger long: runKey: names Workflows "a-workflow-template-with-a-very-long-name-<key>", too long for a 36-character key (at most 63 characters) (got "body.id")',
      '[test/Sensor] Sensor keyed: trigger long-hash: runKey: names Workflows "a-workflow-template-with-a-very-long-name-<key>", too long for a 30-character key (at most 63 characters) (got "{{ .Input.body.key | sha256sum | trunc 30 }}")',
    ]);
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

  it('refuses a parameter read from another Sensor’s dependency, or with both or neither of dataKey and dataTemplate', () => {
    const { app, chart } = newChart();
    const elsewhere = new Chart(app, 'elsewhere', { namespace: 'opsflow' });
    const other = new Sensor(elsewhere, 'Other', { name: 'other' });
    const foreign = other.addDependency('alert', { event: alertSource(elsewhere).event('alerts') });
    other.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(foreign),
        deadLetter: deadLetterOf(elsewhere),
      }),
    );
    restartSensor(chart, (dep) => ({
      ...fullMapping(dep),
      name: foreign.value('body.commonLabels.deployment'),
      cluster: { kind: 'event', dependency: dep, dataKey: 'body.a', dataTemplate: '{{ .Input.body.a }}' },
      kind: { kind: 'event', dependency: dep },
    }));
    const errors = synthErrors(app);
    expect(errors).toEqual([
      '[test/Sensor] Sensor restart-crashlooping: trigger openshift-workload-restart: parameters.name: reads dependency alert of another Sensor (other) (got "alert")',
      '[test/Sensor] Sensor restart-crashlooping: trigger openshift-workload-restart: parameters.cluster: needs exactly one of dataKey or dataTemplate (got "body.a")',
      '[test/Sensor] Sensor restart-crashlooping: trigger openshift-workload-restart: parameters.kind: needs exactly one of dataKey or dataTemplate (got undefined)',
    ]);
  });

  it('refuses a dataKey that is not a gjson path', () => {
    const { app, chart } = newChart();
    restartSensor(chart, (dep) => ({ ...fullMapping(dep), name: dep.value('body.common labels["deployment"]') }));
    expect(synthErrors(app)).toEqual([
      '[test/Sensor] Sensor restart-crashlooping: trigger openshift-workload-restart: parameters.name.dataKey: must be a gjson path such as "body.commonLabels.namespace" (got "body.common labels[\\"deployment\\"]")',
    ]);
  });

  it('refuses a retryStrategy of fewer than one attempt', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    sensor.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(dep),
        deadLetter: deadLetterOf(chart),
        retryStrategy: { ...DEFAULT_TRIGGER_RETRY, steps: 0 },
      }),
    );
    expect(synthErrors(app)).toContainEqual(
      '[test/Sensor] Sensor restart-crashlooping: trigger openshift-workload-restart: retryStrategy.steps: must be an integer of at least 1 (got 0)',
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

  it('gives every trigger a dead-letter Workflow and a retry that rides out minutes of API outage, both at-least-once', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    sensor.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(dep),
        deadLetter: deadLetterOf(chart),
        rateLimit: { unit: 'Minute', requestsPerUnit: 5 },
        labels: { 'opsflow.io/automation': 'restart-crashlooping' },
      }),
    );
    const objects = synth(app);
    const t = trigger(objects);
    // pkg/reconciler/sensor/validate.go validateDlqTrigger: atLeastOnce on the trigger and on its dlqTrigger.
    expect(t.atLeastOnce).toBe(true);
    expect(t.retryStrategy).toEqual({ duration: '1s', factor: 2, jitter: 0.2, steps: 10 });
    expect(backoffSpan(t.retryStrategy)).toEqual({
      attempts: 10,
      minSeconds: 511,
      maxSeconds: expect.closeTo(613.2, 6),
    });
    expect(t.rateLimit).toEqual({ unit: 'Minute', requestsPerUnit: 5 });
    expect(t.dlqTrigger).toEqual({
      atLeastOnce: true,
      retryStrategy: t.retryStrategy,
      template: {
        name: 'openshift-workload-restart-dead-letter',
        k8s: {
          operation: 'create',
          parameters: [
            {
              src: { dependencyName: 'alert', dataTemplate: '{{ toJson .Input }}' },
              dest: 'spec.arguments.parameters.3.value',
            },
          ],
          source: {
            resource: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              metadata: {
                generateName: 'opsflow-dead-letter-',
                namespace: 'opsflow',
                labels: {
                  'opsflow.io/automation': 'restart-crashlooping',
                  'opsflow.io/dead-letter': 'restart-crashlooping',
                },
                annotations: {
                  'workflows.argoproj.io/title':
                    'Dead letter: Sensor restart-crashlooping could not create a Workflow of openshift-workload-restart',
                },
              },
              spec: {
                workflowTemplateRef: { name: 'opsflow-dead-letter' },
                arguments: {
                  parameters: [
                    { name: 'sensor', value: 'restart-crashlooping' },
                    { name: 'trigger', value: 'openshift-workload-restart' },
                    { name: 'workflowTemplate', value: 'openshift-workload-restart' },
                    { name: 'event', value: '' },
                  ],
                },
              },
            },
          },
        },
      },
    });
    // The dead letter needs nothing beyond the Workflow create the trigger has.
    expect(find(objects, 'Role', 'restart-crashlooping-sensor').rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] },
    ]);
    // The dead-letter template runs no pod and fails (red in the UI) once its deadline passes.
    const template = find(objects, 'WorkflowTemplate', 'opsflow-dead-letter');
    expect(template.spec.templates).toEqual([{ name: 'dead-letter', suspend: {} }]);
    expect(template.spec.activeDeadlineSeconds).toBe(60);
    expect(template.spec.arguments.parameters.map((p: { name: string }) => p.name)).toEqual([
      'sensor',
      'trigger',
      'workflowTemplate',
      'event',
    ]);
    expect(find(objects, 'ServiceAccount', 'opsflow-workflow-dead-letter').automountServiceAccountToken).toBe(false);
  });

  it('refuses a retry too short for an API outage, a dead-letter template that cannot take the event, and a bad rate limit', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', { event: alertSource(chart).event('alerts') });
    const notify: IWorkflowTemplate = {
      templateName: 'notify-failure',
      namespace: 'elsewhere',
      parameters: [{ name: 'message', required: true }],
    };
    sensor.addTrigger(
      new WorkflowTrigger({
        template: restartTemplate,
        parameters: fullMapping(dep),
        deadLetter: notify,
        retryStrategy: { steps: 5, duration: '2s', factor: 2, jitter: 0.2 },
        rateLimit: { unit: 'Second', requestsPerUnit: 0 },
      }),
    );
    const errors = synthErrors(app);
    expect(errors).toContainEqual(
      expect.stringMatching(
        /trigger openshift-workload-restart: retryStrategy: retries for 30 s only; it must ride out an API outage of 5 minutes .*\(got \{"steps":5,"duration":"2s","factor":2,"jitter":0\.2\}\)/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(
        /dead-letter WorkflowTemplate notify-failure namespace: must be the Sensor's namespace "opsflow".*\(got "elsewhere"\)/,
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/dlqTrigger parameters\.sensor: is not a parameter of WorkflowTemplate notify-failure/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/dlqTrigger parameters\.message: is required by WorkflowTemplate notify-failure/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/rateLimit\.requestsPerUnit: must be an integer of at least 1 \(got 0\)/),
    );
  });

  it('the default retry is the documented one', () => {
    expect(backoffSpan(DEFAULT_TRIGGER_RETRY)).toEqual({
      attempts: 10,
      minSeconds: 511,
      maxSeconds: expect.closeTo(613.2, 6),
    });
    expect(backoffSpan({ duration: 2_000_000_000, factor: 1, jitter: 0, steps: 4 })).toEqual({
      attempts: 4,
      minSeconds: 6,
      maxSeconds: 6,
    });
    expect(backoffSpan({ duration: '1m30s', factor: 1, jitter: 0, steps: 2 })?.minSeconds).toBe(90);
    expect(backoffSpan({ duration: 'soon', steps: 2 })).toBeUndefined();
  });

  it('renders a jq transform, e.g. unwrapping the oslo.messaging envelope', () => {
    const { app, chart } = newChart();
    const sensor = new Sensor(chart, 'Sensor', { name: 'restart-crashlooping' });
    const dep = sensor.addDependency('alert', {
      event: alertSource(chart).event('alerts'),
      transform: Transform.osloMessage(),
    });
    sensor.addTrigger(
      new WorkflowTrigger({ template: restartTemplate, parameters: fullMapping(dep), deadLetter: deadLetterOf(chart) }),
    );
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
