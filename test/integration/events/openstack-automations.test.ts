import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel, type ConsumeMessage } from 'amqplib';
import { type AmqpMessage, amqpEventData, type IncomingEvent } from '../../../src/constructs/events/index.js';
import { catalogSensors, deliver, replay } from '../../catalog/automations/replay.js';
import { unique } from '../harness.js';
import { IRONIC_URL, KEYSTONE_URL } from '../peers.js';

/**
 * The catalog's OpenStack automations against real notifications: the real Keystone and Ironic publish on the real
 * RabbitMQ while this test creates, updates and deletes a project, a node and a port; every message captured is
 * replayed through the generated Sensors (jq transforms by gojq, as Argo Events runs them).
 */
const BROKER = 'amqp://127.0.0.1:5672/';
const credentials = amqp.credentials.plain('guest', 'guest'); // from transport_url in scripts/openstack/start.sh
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Inner = { message_id: string; event_type: string; payload: Record<string, unknown> };
const captured: { message: AmqpMessage; inner: Inner }[] = [];
let connection: ChannelModel;
let token: string;
const sensors = catalogSensors();
const ids = { project: '', node: '', port: '', cleanFailed: '' };

function toMessage(message: ConsumeMessage): AmqpMessage {
  const { properties } = message;
  return {
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    body: message.content.toString(),
    contentType: properties.contentType,
    contentEncoding: properties.contentEncoding,
    deliveryMode: properties.deliveryMode,
    priority: properties.priority,
  };
}

async function call(url: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-auth-token': token,
      'x-openstack-ironic-api-version': 'latest',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function waitFor(what: string, found: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!found()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const about = (id: string) => captured.filter(({ message }) => message.body.includes(id));
const has = (id: string, eventType: string) => about(id).some(({ inner }) => inner.event_type === eventType);
/** A message as the source's event bound to its routing key receives it: Ironic's ERROR priority on `errors`. */
const event = (source: string, message: AmqpMessage): IncomingEvent => ({
  eventSourceName: source,
  eventName: message.routingKey.endsWith('.error') ? 'errors' : 'notifications',
  data: amqpEventData(message),
});
const ironicEvents = () => captured.filter(({ message }) => message.exchange === 'ironic');

beforeAll(async () => {
  connection = await amqp.connect(BROKER, { credentials });
  const channel = await connection.createChannel();
  // What the generated sources bind (site defaults), plus Ironic's `.error` routing key.
  for (const [exchange, routingKey] of [
    ['ironic', 'ironic_versioned_notifications.*'],
    ['keystone', 'notifications.info'],
  ] as const) {
    await channel.assertExchange(exchange, 'topic', { durable: false, autoDelete: false });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchange, routingKey);
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const body = JSON.parse(message.content.toString()) as { 'oslo.message': string };
        captured.push({ message: toMessage(message), inner: JSON.parse(body['oslo.message']) as Inner });
      },
      { noAck: true },
    );
  }

  const auth = await fetch(`${KEYSTONE_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: 'adminpass' } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    }),
  });
  token = auth.headers.get('x-subject-token') ?? '';

  // Keystone: a project created, updated, deleted.
  const project = (await call(`${KEYSTONE_URL}/projects`, 'POST', {
    project: { name: unique('opsflow-automation'), domain_id: 'default' },
  })) as { project: { id: string } };
  ids.project = project.project.id;
  await call(`${KEYSTONE_URL}/projects/${ids.project}`, 'PATCH', { project: { description: 'replayed' } });
  await call(`${KEYSTONE_URL}/projects/${ids.project}`, 'DELETE');

  // Ironic: a node created, updated, put in and out of maintenance, given a port (created, updated, deleted), deleted.
  const node = (await call(`${IRONIC_URL}/v1/nodes`, 'POST', {
    name: unique('opsflow-automation'),
    driver: 'fake-hardware',
  })) as { uuid: string };
  ids.node = node.uuid;
  const nodeUrl = `${IRONIC_URL}/v1/nodes/${ids.node}`;
  await call(nodeUrl, 'PATCH', [{ op: 'add', path: '/extra/opsflow', value: 'replayed' }]);
  await call(`${nodeUrl}/maintenance`, 'PUT', { reason: 'replayed' });
  await call(`${nodeUrl}/maintenance`, 'DELETE');
  const mac = [0x52, ...randomBytes(5)].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
  const port = (await call(`${IRONIC_URL}/v1/ports`, 'POST', { address: mac, node_uuid: ids.node })) as {
    uuid: string;
  };
  ids.port = port.uuid;
  await call(`${IRONIC_URL}/v1/ports/${ids.port}`, 'PATCH', [{ op: 'add', path: '/extra/opsflow', value: 'x' }]);
  await call(`${IRONIC_URL}/v1/ports/${ids.port}`, 'DELETE');
  await call(nodeUrl, 'DELETE');

  // Ironic: a node whose manual clean fails (fake-hardware lacks the step) enters "clean failed"; then it is
  // managed again and deleted.
  const failing = (await call(`${IRONIC_URL}/v1/nodes`, 'POST', {
    name: unique('opsflow-clean-failed'),
    driver: 'fake-hardware',
  })) as { uuid: string };
  ids.cleanFailed = failing.uuid;
  const failingUrl = `${IRONIC_URL}/v1/nodes/${ids.cleanFailed}`;
  const reaches = async (state: string) =>
    waitForAsync(`node ${state}`, async () => (await call(failingUrl, 'GET')).provision_state === state);
  await call(`${failingUrl}/states/provision`, 'PUT', { target: 'manage' });
  await reaches('manageable');
  await call(`${failingUrl}/states/provision`, 'PUT', {
    target: 'clean',
    clean_steps: [{ interface: 'deploy', step: 'erase_devices' }],
  });
  await reaches('clean failed');
  await call(`${failingUrl}/states/provision`, 'PUT', { target: 'manage' });
  await reaches('manageable');
  await call(failingUrl, 'DELETE');

  await waitFor('identity.project.deleted', () => has(ids.project, 'identity.project.deleted'));
  await waitFor('baremetal.node.delete.end', () => has(ids.node, 'baremetal.node.delete.end'));
  await waitFor('the clean-failed node deleted', () => has(ids.cleanFailed, 'baremetal.node.delete.end'));
}, 90_000);

async function waitForAsync(what: string, found: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await found())) {
    if (Date.now() > deadline) throw new Error(`no ${what} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

afterAll(async () => {
  await connection?.close();
});

test('Ironic: every node change that ends syncs the node; start phases start nothing', () => {
  const ours = ironicEvents().filter(({ inner }) => inner.event_type.startsWith('baremetal.node.'));
  const types = ours.map(({ inner }) => inner.event_type);
  expect(types).toEqual(
    expect.arrayContaining([
      'baremetal.node.create.start',
      'baremetal.node.create.end',
      'baremetal.node.update.end',
      'baremetal.node.maintenance_set.end',
      'baremetal.node.delete.end',
    ]),
  );
  for (const { message, inner } of about(ids.node).filter(({ inner }) =>
    inner.event_type.startsWith('baremetal.node.'),
  )) {
    const started = replay(sensors, event('openstack-ironic', message));
    if (/\.(end|success|error)$/.test(inner.event_type)) {
      expect(UUID.test(inner.message_id)).toBe(true);
      expect(started.map(({ sensor, name, arguments: args }) => ({ sensor, name, args }))).toEqual([
        { sensor: 'ironic-node-sync', name: `nautobot-device-sync-${inner.message_id}`, args: { node: ids.node } },
      ]);
    } else {
      expect([inner.event_type, started]).toEqual([inner.event_type, []]);
    }
  }
});

test('Ironic: a node entering "clean failed" is recovered; its other messages and look-alikes recover nothing', () => {
  const ours = about(ids.cleanFailed);
  const failed = ours.filter(({ inner }) => inner.event_type === 'baremetal.node.provision_set.error');
  expect(failed).toHaveLength(1);
  const [entered] = failed;
  expect(entered!.message.routingKey).toBe('ironic_versioned_notifications.error');
  expect(entered!.inner.payload['ironic_object.data']).toMatchObject({
    provision_state: 'clean failed',
    previous_provision_state: 'cleaning',
    event: 'fail',
  });
  const recovers = (message: AmqpMessage, eventName?: string) =>
    replay(sensors, { ...event('openstack-ironic', message), ...(eventName ? { eventName } : {}) })
      .filter(({ sensor }) => sensor === 'ironic-node-clean-failed')
      .map(({ name, arguments: args }) => ({ name, args }));
  for (const { message, inner } of ours) {
    expect([inner.event_type, recovers(message)]).toEqual([
      inner.event_type,
      inner === entered!.inner
        ? [
            {
              name: `ironic-node-recover-${inner.message_id}`,
              args: { node: ids.cleanFailed, minIntervalMinutes: '60' },
            },
          ]
        : [],
    ]);
  }
  // The same failure for another provision state, or arriving on the INFO binding, recovers nothing.
  const other = JSON.parse(entered!.message.body) as { 'oslo.message': string };
  const deployFailed = other['oslo.message'].replace(
    '"provision_state": "clean failed"',
    '"provision_state": "deploy failed"',
  );
  expect(deployFailed).not.toBe(other['oslo.message']);
  expect(recovers({ ...entered!.message, body: JSON.stringify({ ...other, 'oslo.message': deployFailed }) })).toEqual(
    [],
  );
  expect(recovers(entered!.message, 'notifications')).toEqual([]);
});

test("Ironic: a port's create, update and delete end events sync the port's node", () => {
  const ours = about(ids.port).filter(({ inner }) => inner.event_type.startsWith('baremetal.port.'));
  const ends = ours.filter(({ inner }) => inner.event_type.endsWith('.end'));
  expect(ends.map(({ inner }) => inner.event_type)).toEqual(
    expect.arrayContaining(['baremetal.port.create.end', 'baremetal.port.update.end', 'baremetal.port.delete.end']),
  );
  for (const { message, inner } of ours) {
    const started = replay(sensors, event('openstack-ironic', message));
    expect([inner.event_type, started.map(({ sensor, name, arguments: args }) => ({ sensor, name, args }))]).toEqual([
      inner.event_type,
      inner.event_type.endsWith('.end')
        ? [{ sensor: 'ironic-port-sync', name: `nautobot-device-sync-${inner.message_id}`, args: { node: ids.node } }]
        : [],
    ]);
  }
});

test('Keystone: a project created, updated, deleted syncs its tenant (deleting when gone)', () => {
  const ours = about(ids.project);
  const types = ours.map(({ inner }) => inner.event_type);
  expect(types).toEqual(
    expect.arrayContaining(['identity.project.created', 'identity.project.updated', 'identity.project.deleted']),
  );
  for (const { message, inner } of ours) {
    expect(
      replay(sensors, event('openstack-keystone', message)).map(({ sensor, name, arguments: args }) => ({
        sensor,
        name,
        args,
      })),
    ).toEqual([
      {
        sensor: 'keystone-project-sync',
        name: `nautobot-tenant-sync-${inner.message_id}`,
        args: { projectId: ids.project, deleteIfMissing: 'true' },
      },
    ]);
  }
});

test('look-alikes start nothing: other identity events, and messages arriving from the other exchange', () => {
  const others = captured.filter(
    ({ message, inner }) => message.exchange === 'keystone' && !inner.event_type.startsWith('identity.project.'),
  );
  for (const { message } of others) expect(replay(sensors, event('openstack-keystone', message))).toEqual([]);
  // An Ironic message on the Keystone source and the reverse: each source's Sensors ignore the other's events.
  for (const { message } of about(ids.node)) expect(replay(sensors, event('openstack-keystone', message))).toEqual([]);
  for (const { message } of about(ids.project)) expect(replay(sensors, event('openstack-ironic', message))).toEqual([]);
});

test('run once: every captured message delivered twice makes one Workflow each; the duplicates are no-op patches', () => {
  const messages = captured
    .filter(({ message }) => [ids.node, ids.port, ids.project, ids.cleanFailed].some((id) => message.body.includes(id)))
    .map(({ message }) => event(message.exchange === 'ironic' ? 'openstack-ironic' : 'openstack-keystone', message));
  const once = deliver(sensors, messages);
  const twice = deliver(sensors, [...messages, ...messages]);
  expect(twice.workflows.size).toBe(once.workflows.size);
  expect(twice.outcomes.filter((o) => o.outcome === 'created')).toHaveLength(once.workflows.size);
  expect(twice.outcomes.filter((o) => o.outcome === 'patched')).toHaveLength(once.workflows.size);
  expect(twice.outcomes.filter((o) => o.outcome === 'error')).toEqual([]);
  expect(twice.workflows).toEqual(once.workflows);
  // Distinct events for the same node are distinct Workflows (the action's node mutex serializes them).
  const nodeSyncs = [...once.workflows.values()].filter(
    (workflow) =>
      (workflow.spec as { arguments: { parameters: { value: string }[] } }).arguments.parameters[0]!.value === ids.node,
  );
  expect(nodeSyncs.length).toBeGreaterThanOrEqual(8);
});
