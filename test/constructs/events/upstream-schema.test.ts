import {
  AmqpEventSource,
  CalendarEventSource,
  EventBus,
  ResourceEventSource,
} from '../../../src/constructs/events/index.js';
import { loadArgoSchemas } from '../../../src/validation/argo-schemas.js';
import type { KubeObject } from '../../../src/validation/kube-object.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { describeWithSchema, SCHEMA_DIR } from '../../upstream-schemas.js';
import { type Manifest, newChart, synth } from './helpers.js';

const SCHEMA = `${SCHEMA_DIR}argo-events-v1.9.11.schema.json`;

/** The loader CI uses (scripts/validate-manifests.ts): upstream schemas closed, each error `<path> <problem>`. */
function validator() {
  const schemas = loadArgoSchemas(SCHEMA_DIR);
  return (object: Manifest) => schemas.validate(object as KubeObject).flatMap((result) => result.errors);
}

describeWithSchema(SCHEMA)('generated Argo Events objects against the closed upstream schema', () => {
  const argoEvents = (objects: Manifest[]) =>
    objects.filter((o) => ['EventBus', 'EventSource', 'Sensor'].includes(o.kind));

  it('accepts every kind of object the constructs generate', () => {
    const { app, chart } = newChart();
    new EventBus(chart, 'Bus', { namespace: 'opsflow', version: '2.10.29' });
    new AmqpEventSource(chart, 'Amqp', {
      name: 'openstack',
      url: 'amqp://rabbitmq:5672/',
      credentialsSecret: 'amqp',
      events: { ironic: { exchangeName: 'ironic', routingKey: 'ironic_versioned_notifications.info' } },
    });
    new CalendarEventSource(chart, 'Calendar', { name: 'nightly', events: { resync: { schedule: '0 2 * * *' } } });
    new ResourceEventSource(chart, 'Nodes', {
      name: 'nodes',
      events: {
        n: {
          group: '',
          version: 'v1',
          resource: 'nodes',
          eventTypes: ['UPDATE'],
          clusterWide: true,
          labels: [{ key: 'a', value: 'b' }],
        },
      },
    });
    const objects = [...argoEvents(synth(app)), ...argoEvents(synth(buildEventsApp()))];
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'EventBus',
      'EventBus',
      ...Array(7).fill('EventSource'),
      ...Array(7).fill('Sensor'),
    ]);
    const validate = validator();
    for (const object of objects)
      expect({ object: object.metadata.name, errors: validate(object) }).toEqual({
        object: object.metadata.name,
        errors: [],
      });
  });

  it('catches a field on the wrong type, as upstream examples misplace atLeastOnce', () => {
    const sensor = argoEvents(synth(buildEventsApp())).find((o) => o.kind === 'Sensor')!;
    sensor.spec.triggers[0].template.atLeastOnce = true;
    expect(validator()(sensor)).toEqual([
      expect.stringMatching(/^\/spec\/triggers\/0\/template must NOT have additional properties.*atLeastOnce/),
    ]);
  });

  it('catches a misplaced field in the Workflow a trigger creates', () => {
    const sensor = argoEvents(synth(buildEventsApp())).find((o) => o.kind === 'Sensor')!;
    sensor.spec.triggers[0].template.k8s.source.resource.spec.synchronization = {
      semaphore: { configMapKeyRef: {} },
    };
    expect(validator()(sensor)).toEqual([
      expect.stringMatching(
        /^\/spec\/triggers\/0\/template\/k8s\/source\/resource\/spec\/synchronization must NOT have additional properties "semaphore"/,
      ),
    ]);
  });
});
