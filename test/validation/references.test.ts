import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { synthesizeObjects } from '../../src/synth/render.js';
import type { KubeObject } from '../../src/validation/kube-object.js';
import { isPinnedImage, validateReferences } from '../../src/validation/references.js';

const ns = 'opsflow';
const meta = (name: string, namespace: string | undefined = ns) => ({ name, ...(namespace ? { namespace } : {}) });

const serviceAccount = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: meta(name),
});
const externalSecret = (name: string, keys: string[]): KubeObject => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: meta(name),
  spec: {
    target: { name },
    data: keys.map((key) => ({ secretKey: key, remoteRef: { key: `x/${name}`, property: key } })),
  },
});
const eventSource: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventSource',
  metadata: meta('alertmanager'),
  spec: {
    template: { serviceAccountName: 'es' },
    webhook: { alerts: { endpoint: '/alerts', port: '12000', authSecret: { name: 'hook', key: 'token' } } },
  },
};
const workflowTemplate: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'WorkflowTemplate',
  metadata: meta('restart'),
  spec: {
    serviceAccountName: 'wf',
    entrypoint: 'main',
    arguments: { parameters: [{ name: 'name' }, { name: 'wait', value: 'true', default: 'true' }] },
    templates: [{ name: 'main', container: { name: 'main', image: 'registry.example.com/opsflow-kubernetes:1.2.3' } }],
  },
};
const sensor = (overrides: { dependency?: object; resource?: object; parameters?: object[] } = {}): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Sensor',
  metadata: meta('alertmanager'),
  spec: {
    template: { serviceAccountName: 'sensor' },
    dependencies: [{ name: 'firing', eventSourceName: 'alertmanager', eventName: 'alerts', ...overrides.dependency }],
    triggers: [
      {
        atLeastOnce: true,
        template: {
          name: 'restart',
          k8s: {
            operation: 'create',
            source: {
              resource: {
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'Workflow',
                metadata: { generateName: 'restart-' },
                spec: {
                  workflowTemplateRef: { name: 'restart' },
                  arguments: { parameters: [{ name: 'name', value: '' }] },
                },
                ...overrides.resource,
              },
            },
            parameters: overrides.parameters ?? [
              { src: { dependencyName: 'firing', dataKey: 'body.name' }, dest: 'spec.arguments.parameters.0.value' },
            ],
          },
        },
      },
    ],
  },
});

/** A consistent little app; each test breaks one reference in it. */
const eventBus: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: meta('default') };
const good = (): KubeObject[] => [
  eventBus,
  serviceAccount('es'),
  serviceAccount('sensor'),
  serviceAccount('wf'),
  externalSecret('hook', ['token']),
  eventSource,
  workflowTemplate,
  sensor(),
];

const replace = (objects: KubeObject[], object: KubeObject) =>
  objects.map((o) => (o.kind === object.kind && o.metadata.name === object.metadata.name ? object : o));

describe('validateReferences', () => {
  it('accepts a consistent app and the whole example site', () => {
    expect(validateReferences(good())).toEqual([]);
    expect(validateReferences(synthesizeObjects(buildApp(loadSite(exampleSite), catalog)))).toEqual([]);
  });

  it('names the Sensor dependency and the EventSource it misses', () => {
    const errors = validateReferences(replace(good(), sensor({ dependency: { eventSourceName: 'alertmanagr' } })));
    expect(errors).toEqual([
      'Sensor opsflow/alertmanager dependency "firing": EventSource "alertmanagr" does not exist (generated: alertmanager)',
    ]);
  });

  it('names the event a dependency expects and the events the source has', () => {
    const errors = validateReferences(replace(good(), sensor({ dependency: { eventName: 'alert' } })));
    expect(errors).toEqual([
      'Sensor opsflow/alertmanager dependency "firing": EventSource alertmanager has no event "alert" (its events: alerts)',
    ]);
  });

  it('names the trigger and the WorkflowTemplate it misses', () => {
    const resource = { spec: { workflowTemplateRef: { name: 'restrat' }, arguments: { parameters: [] } } };
    expect(validateReferences(replace(good(), sensor({ resource })))).toEqual([
      'Sensor opsflow/alertmanager trigger "restart": WorkflowTemplate "restrat" does not exist (generated: restart)',
    ]);
  });

  it('checks the Workflow a dead-letter trigger creates like any other', () => {
    const withDeadLetter = sensor();
    const [trigger] = (withDeadLetter.spec as { triggers: Record<string, unknown>[] }).triggers;
    trigger!.dlqTrigger = {
      atLeastOnce: true,
      template: {
        name: 'restart-dead-letter',
        k8s: {
          operation: 'create',
          source: {
            resource: {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Workflow',
              metadata: { generateName: 'dl-', namespace: ns },
              spec: { workflowTemplateRef: { name: 'opsflow-dead-letter' }, arguments: { parameters: [] } },
            },
          },
        },
      },
    };
    expect(validateReferences(replace(good(), withDeadLetter))).toEqual([
      'Sensor opsflow/alertmanager trigger "restart-dead-letter": WorkflowTemplate "opsflow-dead-letter" does not exist (generated: restart)',
    ]);
  });

  it('names an argument that is not a template parameter, and the required parameter left unset', () => {
    const resource = {
      spec: { workflowTemplateRef: { name: 'restart' }, arguments: { parameters: [{ name: 'nmae', value: '' }] } },
    };
    expect(validateReferences(replace(good(), sensor({ resource })))).toEqual([
      'Sensor opsflow/alertmanager trigger "restart": argument "nmae" is not a parameter of WorkflowTemplate restart (its parameters: name, wait)',
      'Sensor opsflow/alertmanager trigger "restart": required parameter "name" of WorkflowTemplate restart is not set',
    ]);
  });

  it('names a parameter written past the arguments and one read from an undeclared dependency', () => {
    const parameters = [
      { src: { dependencyName: 'firing', dataKey: 'body.name' }, dest: 'spec.arguments.parameters.0.value' },
      { src: { dependencyName: 'resolved', dataKey: 'body.x' }, dest: 'spec.arguments.parameters.3.value' },
    ];
    expect(validateReferences(replace(good(), sensor({ parameters })))).toEqual([
      'Sensor opsflow/alertmanager trigger "restart": parameter source names dependency "resolved", which the Sensor does not declare',
      'Sensor opsflow/alertmanager trigger "restart": a parameter writes spec.arguments.parameters.3, which does not exist',
    ]);
  });

  it('names a constant argument outside the parameter enum', () => {
    const template = structuredClone(workflowTemplate) as KubeObject & {
      spec: Record<string, Record<string, object[]>>;
    };
    template.spec.arguments!.parameters!.push({ name: 'kind', enum: ['Deployment', 'Pod'] });
    const resource = {
      spec: {
        workflowTemplateRef: { name: 'restart' },
        arguments: {
          parameters: [
            { name: 'name', value: '' },
            { name: 'kind', value: 'Deploymnet' },
          ],
        },
      },
    };
    expect(validateReferences(replace(replace(good(), template), sensor({ resource })))).toEqual([
      'Sensor opsflow/alertmanager trigger "restart": argument "kind" = "Deploymnet" is not one of ["Deployment","Pod"] (WorkflowTemplate restart)',
    ]);
  });

  it('names the EventBus a Sensor or EventSource needs', () => {
    expect(validateReferences(good().filter((o) => o.kind !== 'EventBus'))).toEqual([
      'EventSource opsflow/alertmanager spec.eventBusName: EventBus "default" does not exist (generated: none)',
      'Sensor opsflow/alertmanager spec.eventBusName: EventBus "default" does not exist (generated: none)',
    ]);
  });

  it('names the object and the ServiceAccount that is not generated', () => {
    const objects = good().filter((o) => !(o.kind === 'ServiceAccount' && o.metadata.name === 'wf'));
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('wf'),
      subjects: [{ kind: 'ServiceAccount', name: 'wf', namespace: ns }],
    });
    expect(validateReferences(objects)).toEqual([
      'WorkflowTemplate opsflow/restart spec.serviceAccountName: ServiceAccount "wf" is not generated in namespace opsflow (generated: es, sensor)',
      'RoleBinding opsflow/wf subjects: ServiceAccount "wf" is not generated in namespace opsflow (generated: es, sensor)',
    ]);
  });

  it('names each secret reference (authSecret, secretKeyRef, volumes) that no ExternalSecret provides', () => {
    const template = structuredClone(workflowTemplate) as KubeObject & { spec: { templates: object[] } };
    template.spec.templates.push({
      name: 'step',
      container: {
        name: 'main',
        image: 'registry.example.com/opsflow-aws:1.2.3',
        env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'hook', key: 'password' } } }],
      },
      volumes: [
        { name: 'clouds', secret: { secretName: 'clouds', items: [{ key: 'clouds.yaml', path: 'clouds.yaml' }] } },
        {
          name: 'kube',
          projected: { sources: [{ secret: { name: 'kube-prod', items: [{ key: 'kubeconfig', path: 'prod' }] } }] },
        },
      ],
    });
    const objects = replace(
      good().filter((o) => o.kind !== 'ExternalSecret'),
      template,
    );
    objects.push(externalSecret('hook', ['username']));
    expect(validateReferences(objects)).toEqual([
      'EventSource opsflow/alertmanager spec.webhook.alerts.authSecret: Secret "hook" has no key "token" (its keys: username)',
      'WorkflowTemplate opsflow/restart spec.templates[1].container.env[0].valueFrom.secretKeyRef: Secret "hook" has no key "password" (its keys: username)',
      'WorkflowTemplate opsflow/restart spec.templates[1].volumes[0].secret: Secret "clouds" is not generated by any ExternalSecret in namespace opsflow',
      'WorkflowTemplate opsflow/restart spec.templates[1].volumes[1].projected.sources[0].secret: Secret "kube-prod" is not generated by any ExternalSecret in namespace opsflow',
    ]);
  });

  it('refuses a generated Secret', () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('leak'), stringData: { token: 'x' } };
    expect(validateReferences([...good(), secret])).toEqual([
      'Secret opsflow/leak: Secrets are never generated; declare an ExternalSecret in the site config',
    ]);
  });

  it('names the templateRef and workflowTemplateRef that do not resolve', () => {
    const caller: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: meta('caller'),
      spec: {
        serviceAccountName: 'wf',
        templates: [
          {
            name: 'main',
            steps: [
              [{ name: 'a', templateRef: { name: 'restart', template: 'mian' } }],
              [{ name: 'b', templateRef: { name: 'gone', template: 'main' } }],
            ],
          },
        ],
      },
    };
    const cron: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: meta('nightly'),
      spec: {
        schedules: ['0 2 * * *'],
        workflowSpec: { serviceAccountName: 'wf', workflowTemplateRef: { name: 'restrat' } },
      },
    };
    expect(validateReferences([...good(), caller, cron])).toEqual([
      'WorkflowTemplate opsflow/caller spec.templates[0].steps[0][0].templateRef: WorkflowTemplate restart has no template "mian" (its templates: main)',
      'WorkflowTemplate opsflow/caller spec.templates[0].steps[1][0].templateRef: WorkflowTemplate "gone" does not exist (generated: caller, restart)',
      'CronWorkflow opsflow/nightly spec.workflowSpec.workflowTemplateRef: WorkflowTemplate "restrat" does not exist (generated: caller, restart)',
    ]);
  });

  it('names the semaphore ConfigMap or key that is missing', () => {
    const template = structuredClone(workflowTemplate) as KubeObject & { spec: Record<string, unknown> };
    template.spec.synchronization = {
      semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'restart' } }],
    };
    expect(validateReferences(replace(good(), template))).toEqual([
      'WorkflowTemplate opsflow/restart synchronization.semaphores: ConfigMap "opsflow-semaphores" is not generated',
    ]);
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('opsflow-semaphores'),
      data: { drain: '1' },
    };
    expect(validateReferences([...replace(good(), template), configMap])).toEqual([
      'WorkflowTemplate opsflow/restart synchronization.semaphores: ConfigMap opsflow-semaphores has no key "restart" (its keys: drain)',
    ]);
    // A step template's own semaphore is checked too.
    const step = structuredClone(workflowTemplate) as KubeObject & { spec: { templates: Record<string, unknown>[] } };
    step.spec.templates[0]!.synchronization = {
      semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'restart' } }],
    };
    expect(validateReferences([...replace(good(), step), configMap])).toEqual([
      `WorkflowTemplate opsflow/restart template "${step.spec.templates[0]!.name}" synchronization.semaphores: ConfigMap opsflow-semaphores has no key "restart" (its keys: drain)`,
    ]);
  });

  it('names every image that is not pinned', () => {
    const template = structuredClone(workflowTemplate) as KubeObject & {
      spec: { templates: { container: { image: string } }[] };
    };
    template.spec.templates[0]!.container.image = 'registry.example.com/opsflow-kubernetes:latest';
    expect(validateReferences(replace(good(), template))).toEqual([
      'WorkflowTemplate opsflow/restart spec.templates[0].container.image: image "registry.example.com/opsflow-kubernetes:latest" is not pinned (use a version tag or a digest)',
    ]);
    expect(isPinnedImage('registry:5000/team/app')).toBe(false);
    expect(isPinnedImage('registry:5000/team/app:1.0.0')).toBe(true);
    expect(isPinnedImage(`app@sha256:${'a'.repeat(64)}`)).toBe(true);
  });
});
