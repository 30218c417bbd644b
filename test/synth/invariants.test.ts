import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import {
  AmqpEventSource,
  backoffSpan,
  DEAD_LETTER_TEMPLATE,
  MIN_RETRY_SPAN_SECONDS,
} from '../../src/constructs/events/index.js';
import { synthesizeObjects } from '../../src/synth/render.js';
import { newChart, synth } from '../constructs/events/helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

/** The promises of the generator, checked over every object the example site generates. */
describe('every generated object of the example site', () => {
  const objects = synthesizeObjects(buildApp(loadSite(exampleSite), catalog)) as Any[];
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const serviceAccounts = new Set(ofKind('ServiceAccount').map((sa) => sa.metadata.name));

  it('WorkflowTemplates: annotations, documented parameters, own ServiceAccount, deadline, TTL, pod GC', () => {
    const templates = ofKind('WorkflowTemplate');
    // One per action, per composite and per runbook, the dead-letter template and the alert fan-out.
    expect(templates.length).toBe(catalog.actions.length + catalog.composites.length + catalog.runbooks.length + 2);
    const accounts = new Set<string>();
    for (const template of templates) {
      expect(template.metadata.annotations['workflows.argoproj.io/title']).toBeTruthy();
      expect(template.metadata.annotations['workflows.argoproj.io/description']).toBeTruthy();
      for (const parameter of template.spec.arguments.parameters) expect(parameter.description).toBeTruthy();
      expect(serviceAccounts.has(template.spec.serviceAccountName)).toBe(true);
      accounts.add(template.spec.serviceAccountName);
      expect(template.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(template.spec.ttlStrategy).toBeDefined();
      expect(template.spec.podGC.strategy).toBeTruthy();
      expect(template.spec.synchronization?.semaphore).toBeUndefined();
      expect(template.spec.synchronization?.mutex).toBeUndefined();
    }
    expect(accounts.size).toBe(templates.length);
  });

  it('containers: hardened, pinned, retried on exit code 75 only', () => {
    for (const template of ofKind('WorkflowTemplate').flatMap((t) => t.spec.templates)) {
      if (!template.container) continue;
      const { securityContext, image, resources } = template.container;
      expect(securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(image).toMatch(/:\d+\.\d+\.\d+[\w.-]*$/);
      expect(resources.requests && resources.limits).toBeTruthy();
      expect(template.retryStrategy.expression).toBe('asInt(lastRetry.exitCode) == 75');
    }
  });

  it('CronWorkflows: v4 schedules and Forbid or Replace', () => {
    for (const cron of ofKind('CronWorkflow')) {
      expect(cron.spec.schedules.length).toBeGreaterThan(0);
      expect(['Forbid', 'Replace']).toContain(cron.spec.concurrencyPolicy);
    }
  });

  it('Workflows that Sensors and CronWorkflows create set only workflowTemplateRef and arguments (templateReferencing: Strict)', () => {
    const triggers = ofKind('Sensor')
      .flatMap((sensor) => sensor.spec.triggers)
      .flatMap((trigger) => [trigger, ...(trigger.dlqTrigger ? [trigger.dlqTrigger] : [])]);
    const workflows = triggers
      .map((trigger) => trigger.template.k8s?.source.resource)
      .filter((resource) => resource?.kind === 'Workflow');
    expect(workflows.length).toBeGreaterThan(0);
    const specs = [
      ...workflows.map((workflow) => workflow.spec),
      ...ofKind('CronWorkflow').map((c) => c.spec.workflowSpec),
    ];
    for (const spec of specs) expect(Object.keys(spec).sort()).toEqual(['arguments', 'workflowTemplateRef']);
  });

  it('EventBus: JetStream with a pinned version and 1 or at least 3 replicas', () => {
    const buses = ofKind('EventBus');
    expect(buses.length).toBeGreaterThan(0);
    for (const bus of buses) {
      expect(Object.keys(bus.spec)).toEqual(['jetstream']);
      expect(bus.spec.jetstream.version).toMatch(/^\d+\.\d+\.\d+(-alpine)?$/);
      expect(bus.spec.jetstream.replicas === 1 || bus.spec.jetstream.replicas >= 3).toBe(true);
    }
  });

  it('webhooks: POST only, each with a bearer token Secret', () => {
    const webhooks = ofKind('EventSource').flatMap((source) => Object.values(source.spec.webhook ?? {})) as Any[];
    expect(webhooks.length).toBeGreaterThan(0);
    for (const webhook of webhooks) {
      expect(webhook.method).toBe('POST');
      expect(webhook.authSecret).toEqual({ name: expect.any(String), key: expect.any(String) });
    }
  });

  it('AMQP (the example site and the construct defaults): durable named queue, ack on receipt for v1.9.11, credentials from a Secret only', () => {
    const { app, chart } = newChart();
    new AmqpEventSource(chart, 'amqp', {
      name: 'openstack',
      url: 'amqp://rabbitmq:5672/',
      credentialsSecret: 'amqp',
      events: { ironic: { exchangeName: 'ironic', routingKey: 'ironic_versioned_notifications.info' } },
    });
    const sources = [...ofKind('EventSource'), ...synth(app)];
    const amqp = sources.flatMap((source) => Object.values(source.spec.amqp ?? {})) as Any[];
    expect(amqp.length).toBeGreaterThan(0);
    for (const event of amqp) {
      expect(event).toMatchObject({
        jsonBody: true,
        queueDeclare: { durable: true, exclusive: false, autoDelete: false },
        consume: { autoAck: true },
        auth: { username: { name: expect.any(String) }, password: { name: expect.any(String) } },
      });
      expect(event.queueDeclare.name).toBeTruthy();
      expect(event.connectionBackoff.steps).toBeGreaterThan(0);
      expect(event.url).not.toContain('@');
      expect(event.urlSecret).toBeUndefined();
    }
  });

  it('Sensors: own ServiceAccount, triggers atLeastOnce with a retryStrategy, anchored string filters', () => {
    const sensors = ofKind('Sensor');
    // One per automation, and the alert routes' one.
    expect(sensors.length).toBe(catalog.automations.length + 1);
    const accounts = new Set(ofKind('WorkflowTemplate').map((template) => template.spec.serviceAccountName as string));
    for (const sensor of sensors) {
      const account = sensor.spec.template.serviceAccountName;
      expect(serviceAccounts.has(account)).toBe(true);
      expect(accounts.has(account)).toBe(false);
      accounts.add(account);
      for (const trigger of sensor.spec.triggers) {
        expect(trigger.atLeastOnce).toBe(true);
        expect(backoffSpan(trigger.retryStrategy)!.minSeconds).toBeGreaterThanOrEqual(MIN_RETRY_SPAN_SECONDS);
        expect(trigger.dlqTrigger.atLeastOnce).toBe(true);
        expect(trigger.dlqTrigger.template.k8s.source.resource.spec.workflowTemplateRef.name).toBe(
          DEAD_LETTER_TEMPLATE,
        );
        expect(trigger.template.argoWorkflow).toBeUndefined();
        expect(trigger.template.k8s.source.resource.spec.workflowTemplateRef.name).toBeTruthy();
      }
      for (const dependency of sensor.spec.dependencies) {
        for (const filter of dependency.filters?.data ?? []) {
          if (filter.type !== 'string') continue;
          for (const value of filter.value) expect(value).toMatch(/^\^.*\$$/);
        }
      }
    }
  });

  it('RBAC: no wildcard anywhere; no Secret with values', () => {
    for (const role of [...ofKind('Role'), ...ofKind('ClusterRole')]) {
      for (const rule of role.rules) {
        for (const field of ['apiGroups', 'resources', 'verbs']) {
          for (const value of rule[field]) expect(value).not.toContain('*');
        }
      }
    }
    // The only Secrets: the SSO roles' token Secrets, which Kubernetes fills in.
    for (const secret of ofKind('Secret')) {
      expect(Object.keys(secret).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'type']);
      expect(secret.type).toBe('kubernetes.io/service-account-token');
    }
  });

  it('Argo CD: one Application, and sync waves that apply what each object needs before it, on every sync', () => {
    const applications = ofKind('Application');
    expect(applications).toHaveLength(1);
    const wave = (object: Any) => Number(object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    const waves = (kind: string) => ofKind(kind).map(wave);
    const highest = (kinds: string[]) => Math.max(...kinds.flatMap(waves));
    const lowest = (kind: string) => Math.min(...waves(kind));
    // ServiceAccounts, RBAC, secrets and ConfigMaps (semaphores) before what runs as or reads them.
    const foundations = [
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'ClusterRole',
      'ClusterRoleBinding',
      'ExternalSecret',
      'ConfigMap',
      'Service',
    ];
    expect(highest(foundations)).toBe(0);
    expect(lowest('EventBus')).toBeGreaterThan(highest(foundations));
    expect(lowest('WorkflowTemplate')).toBeGreaterThan(highest(foundations));
    // EventSources and Sensors need the EventBus healthy; Sensors need their templates.
    expect(lowest('EventSource')).toBeGreaterThan(highest(['EventBus']));
    expect(lowest('Sensor')).toBeGreaterThan(highest(['EventBus', 'WorkflowTemplate', 'EventSource']));
    expect(ofKind('Sensor').length * ofKind('EventBus').length).toBeGreaterThan(0);
  });
});
