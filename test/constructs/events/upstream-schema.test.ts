import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import {
  AmqpEventSource,
  CalendarEventSource,
  EventBus,
  ResourceEventSource,
} from '../../../src/constructs/events/index.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { type Manifest, newChart, synth } from './helpers.js';

/** The upstream Argo Events v1.9.11 JSON schema, shipped beside the repository (see FACTS.md). */
const SCHEMA = new URL('../../../../shared/reference/argo/argo-events-v1.9.11.schema.json', import.meta.url);

/** Upstream lists properties but allows any others; closing every object makes a misplaced field an error. */
function closed(node: unknown): void {
  if (Array.isArray(node)) node.forEach(closed);
  else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    if (object.properties && object.additionalProperties === undefined) object.additionalProperties = false;
    Object.values(object).forEach(closed);
  }
}

function validator() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  delete schema.$schema;
  closed(schema.definitions);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(schema, 'argo-events');
  return (object: Manifest) => {
    const validate = ajv.getSchema(`argo-events#/definitions/io.argoproj.events.v1alpha1.${object.kind}`)!;
    return validate(object)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

(existsSync(SCHEMA) ? describe : describe.skip)(
  'generated Argo Events objects against the closed upstream schema',
  () => {
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
        'EventSource',
        'EventSource',
        'EventSource',
        'EventSource',
        'Sensor',
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
  },
);
