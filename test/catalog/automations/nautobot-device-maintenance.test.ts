import { randomUUID } from 'node:crypto';
import { loadSite } from '../../../src/catalog/site.js';
import { exampleSite } from '../../../src/catalog/sites/example.js';
import { type IncomingEvent, webhookEventData } from '../../../src/constructs/events/index.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { synth } from '../../constructs/events/helpers.js';
import { catalogSensors, deliver, replay } from './replay.js';

/**
 * Nautobot's webhook for a device update, as Nautobot 2.x sends it (docs.nautobot.com, "Webhooks": `event`,
 * `timestamp`, `model`, `username`, `request_id`, `data`, `snapshots`); `data` and both snapshots are the REST
 * serializer's output at depth 1 (`serialize_object_v2`), so the status is an object with its `name`.
 */
const NODE = '8c2f2b9e-5d7a-4f0e-9b61-3f1f6f0d2a11';
const status = (name: string) => ({
  id: randomUUID(),
  object_type: 'extras.status',
  url: `https://nautobot.example.com/api/extras/statuses/${name.toLowerCase()}/`,
  display: name,
  name,
  color: '9e9e9e',
});
const device = (statusName: string) => ({
  id: NODE,
  object_type: 'dcim.device',
  display: 'compute-17',
  url: `https://nautobot.example.com/api/dcim/devices/${NODE}/`,
  name: 'compute-17',
  serial: 'SN1234',
  status: status(statusName),
  custom_fields: {},
});
function webhook(from: string | null, to: string, overrides: Record<string, unknown> = {}) {
  return {
    event: from === null ? 'created' : 'updated',
    timestamp: '2026-12-01 09:15:02.456801+00:00',
    model: 'device',
    username: 'jdoe',
    request_id: randomUUID(),
    data: device(to),
    snapshots: {
      prechange: from === null ? null : device(from),
      postchange: device(to),
      differences:
        from === null ? null : { removed: { status: device(from).status }, added: { status: device(to).status } },
    },
    ...overrides,
  };
}
const event = (body: unknown): IncomingEvent => ({
  eventSourceName: 'nautobot',
  eventName: 'changes',
  // Nautobot sends the configured additional header and, with a secret, the HMAC of the body.
  data: webhookEventData(body, { authorization: 'Bearer t0ken', 'x-hook-signature': 'a1b2c3' }),
});
const sensors = catalogSensors();
const summary = (body: unknown, from = sensors) =>
  replay(from, event(body)).map(({ sensor, name, arguments: args }) => ({ sensor, name, args }));

describe('nautobot-device-maintenance-on/off: a device status change to or from the maintenance status', () => {
  test('to Maintenance: the node goes into maintenance, named after the request', () => {
    const body = webhook('Active', 'Maintenance');
    expect(summary(body)).toEqual([
      {
        sensor: 'nautobot-device-maintenance-on',
        name: `ironic-node-maintenance-${body.request_id}`,
        args: { node: NODE, maintenance: 'on', reason: 'Nautobot device status set to maintenance' },
      },
    ]);
    // A patch trigger: upstream adds its sensor/trigger labels on create only.
    const [started] = replay(sensors, event(body));
    expect(started!.fired.operation).toBe('patch');
    expect((started!.fired.resource.metadata as { labels: unknown }).labels).toEqual({
      'opsflow.io/automation': 'nautobot-device-maintenance-on',
    });
    // Why it ran: the EventSource, event and Nautobot's request id.
    expect((started!.fired.resource.metadata as { annotations: unknown }).annotations).toEqual({
      'opsflow.io/event': `nautobot/changes ${body.request_id}`,
    });
  });

  test('from Maintenance: the node comes out of maintenance', () => {
    const body = webhook('Maintenance', 'Active');
    expect(summary(body)).toEqual([
      {
        sensor: 'nautobot-device-maintenance-off',
        name: `ironic-node-maintenance-${body.request_id}`,
        args: { node: NODE, maintenance: 'off' },
      },
    ]);
  });

  test.each([
    ['another change of a device in maintenance', webhook('Maintenance', 'Maintenance')],
    ['a change between other statuses', webhook('Active', 'Planned')],
    ['a look-alike status name', webhook('Active', 'Maintenance Planned')],
    ['a device created in maintenance', webhook(null, 'Maintenance')],
    ['a deletion', webhook('Maintenance', 'Active', { event: 'deleted' })],
    ['another model', webhook('Active', 'Maintenance', { model: 'interface' })],
    ['no request id', webhook('Active', 'Maintenance', { request_id: 'retry-1' })],
  ])('%s starts nothing', (_, body) => {
    expect(summary(body)).toEqual([]);
  });

  test("the site's maintenance status decides", () => {
    const site = loadSite({ ...exampleSite, nautobot: { ...exampleSite.nautobot, maintenanceStatus: 'Under Repair' } });
    const custom = catalogSensors(synth(buildEventsApp(site)));
    expect(summary(webhook('Active', 'Maintenance'), custom)).toEqual([]);
    expect(summary(webhook('Active', 'Under Repair'), custom).map((s) => s.args.maintenance)).toEqual(['on']);
  });

  test('the bearer token is masked and the signature header is passed on unverified', () => {
    const data = event(webhook('Active', 'Maintenance')).data as { header: Record<string, string[]> };
    expect(data.header.Authorization).toEqual(['*** Masked Auth Secret ***']);
    expect(data.header['X-Hook-Signature']).toEqual(['a1b2c3']);
  });
});

describe('run once (Nautobot request_id)', () => {
  test('a webhook delivered twice makes one Workflow: the second is a patch that changes nothing', () => {
    const body = webhook('Active', 'Maintenance');
    const { workflows, outcomes } = deliver(sensors, [event(body), event(body)]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'patched']);
    expect([...workflows.keys()]).toEqual([`ironic-node-maintenance-${body.request_id}`]);
  });

  test('with operation create, the duplicate would be AlreadyExists (retried, then a dead letter)', () => {
    const body = webhook('Active', 'Maintenance');
    const created = sensors.map((sensor) => structuredClone(sensor));
    for (const sensor of created)
      for (const trigger of sensor.spec.triggers) Object.assign(trigger.template.k8s, { operation: 'create' });
    expect(deliver(created, [event(body), event(body)]).outcomes.map((o) => o.outcome)).toEqual(['created', 'error']);
  });

  test('distinct requests for the same device each run (the node mutex serializes them)', () => {
    const { workflows } = deliver(sensors, [
      event(webhook('Active', 'Maintenance')),
      event(webhook('Maintenance', 'Active')),
      event(webhook('Active', 'Maintenance')),
    ]);
    expect(workflows.size).toBe(3);
  });
});
