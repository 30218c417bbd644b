import { execFileSync } from 'node:child_process';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { BaremetalClient } from '../../../src/clients/openstack/index.js';
import {
  AmqpEventSource,
  amqpEventData,
  DeadLetterTemplate,
  evaluateSensor,
  eventContext,
  Filter,
  Sensor,
  Transform,
  type v1alpha1,
  WorkflowTrigger,
} from '../../../src/constructs/events/index.js';
import { find, newChart, synth } from '../../constructs/events/helpers.js';
import { adminCloud, unique } from '../harness.js';

/**
 * The generated AMQP EventSource settings against the real RabbitMQ that Ironic (oslo.messaging) publishes to
 * (scripts/openstack/start.sh). The client below does what the Argo Events AMQP source does with those settings
 * (pkg/eventsources/sources/amqp/start.go getDelivery): ExchangeDeclare, QueueDeclare, QueueBind, Consume.
 */
const BROKER = 'amqp://127.0.0.1:5672/';
const credentials = amqp.credentials.plain('guest', 'guest'); // from transport_url in start.sh

/** The generated EventSource and Sensor for one acknowledgement setting; each gets its own durable queue. */
function generate(ackAfterPublish: boolean) {
  const name = unique('opsflow-it');
  const { app, chart } = newChart();
  const source = new AmqpEventSource(chart, 'OpenStack', {
    name,
    url: BROKER,
    credentialsSecret: 'amqp',
    ackAfterPublish,
    events: { ironic: { exchangeName: 'ironic', routingKey: 'ironic_versioned_notifications.*' } },
  });
  const sensor = new Sensor(chart, 'Sensor', { name: 'ironic-created' });
  const created = sensor.addDependency('node', {
    event: source.event('ironic'),
    transform: Transform.osloMessage(),
    filters: [Filter.equals('body.event_type', 'baremetal.node.create.end')],
  });
  sensor.addTrigger(
    new WorkflowTrigger({
      template: { templateName: 'device-sync', namespace: 'opsflow', parameters: [{ name: 'node', required: true }] },
      parameters: { node: created.value('body.payload.ironic_object\\.data.uuid') },
      deadLetter: new DeadLetterTemplate(chart, 'DeadLetter'),
    }),
  );
  const objects = synth(app);
  return {
    name,
    spec: find(objects, 'EventSource', name).spec.amqp.ironic as v1alpha1.AMQPEventSource,
    sensor: find(objects, 'Sensor', 'ironic-created') as { metadata: { name: string }; spec: v1alpha1.SensorSpec },
  };
}

/** The default, for Argo Events v1.9.11: auto-ack. */
const onReceipt = generate(false);
/** For a build with argoproj/argo-events#4179: manual ack after publishing. */
const afterPublish = generate(true);
const spec = onReceipt.spec;

const connections: ChannelModel[] = [];
let ironic: BaremetalClient;
const nodes: string[] = [];

async function connect(): Promise<ChannelModel> {
  const connection = await amqp.connect(spec.url, { credentials });
  connections.push(connection);
  return connection;
}

/** getDelivery's declarations, with the generated flags. */
async function declare(channel: Channel, spec: v1alpha1.AMQPEventSource): Promise<void> {
  const { exchangeDeclare: exchange, queueDeclare: queue } = spec;
  await channel.assertExchange(spec.exchangeName, spec.exchangeType, {
    durable: exchange.durable,
    autoDelete: exchange.autoDelete,
    internal: exchange.internal,
  });
  await channel.assertQueue(queue.name, {
    durable: queue.durable,
    autoDelete: queue.autoDelete,
    exclusive: queue.exclusive,
  });
  await channel.bindQueue(queue.name, spec.exchangeName, spec.routingKey);
}

/** Consume as the source does until `wanted` matches a message; returns it (never acknowledged by hand). */
async function consumeUntil(
  channel: Channel,
  spec: v1alpha1.AMQPEventSource,
  wanted: (message: ConsumeMessage) => boolean,
): Promise<ConsumeMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message within 20 s')), 20_000);
    void channel.consume(
      spec.queueDeclare.name,
      (message) => {
        if (message && wanted(message)) {
          clearTimeout(timer);
          resolve(message);
        }
      },
      { noAck: spec.consume.autoAck, exclusive: spec.consume.exclusive, noLocal: spec.consume.noLocal },
    );
  });
}

/** Every message the queue delivers within `ms`. */
async function receivedWithin(channel: Channel, spec: v1alpha1.AMQPEventSource, ms: number): Promise<ConsumeMessage[]> {
  const messages: ConsumeMessage[] = [];
  await channel.consume(spec.queueDeclare.name, (message) => message && messages.push(message), {
    noAck: spec.consume.autoAck,
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  return messages;
}

const eventType = (message: ConsumeMessage): { event_type: string; payload: Record<string, Record<string, unknown>> } =>
  JSON.parse(JSON.parse(message.content.toString())['oslo.message']);

beforeAll(async () => {
  ironic = await BaremetalClient.connect(await adminCloud());
  // Make sure oslo.messaging has declared the `ironic` exchange (it does so on its first notification).
  nodes.push((await ironic.createNode({ name: unique('amqp-warmup'), driver: 'fake-hardware' })).uuid);
});

afterAll(async () => {
  const connection = await amqp.connect(BROKER, { credentials });
  const channel = await connection.createChannel();
  for (const { spec } of [onReceipt, afterPublish]) await channel.deleteQueue(spec.queueDeclare.name);
  await connection.close();
  for (const connection of connections) await connection.close().catch(() => undefined);
  for (const uuid of nodes) await ironic.deleteNode(uuid).catch(() => undefined);
});

test('declares the exchange exactly as oslo.messaging did, where upstream defaults are refused', async () => {
  const connection = await connect();
  const checked = await connection.createChannel();
  await checked.checkExchange('ironic'); // exists (passive declare), so the next declarations compare against it
  await declare(await connection.createChannel(), spec);

  // Upstream's default when exchangeDeclare is omitted is durable=true: RabbitMQ refuses it and closes the channel.
  const upstreamDefault = await connection.createChannel();
  upstreamDefault.on('error', () => undefined);
  await expect(upstreamDefault.assertExchange('ironic', 'topic', { durable: true, autoDelete: false })).rejects.toThrow(
    /PRECONDITION_FAILED - inequivalent arg 'durable'/,
  );
}, 30_000);

/** Ironic emits baremetal.node.create.* for a new node; the predicate recognises that node's `.end` message. */
async function createNode(): Promise<{ uuid: string; isOurs: (message: ConsumeMessage) => boolean }> {
  const { uuid } = await ironic.createNode({ name: unique('amqp-event'), driver: 'fake-hardware' });
  nodes.push(uuid);
  const isOurs = (message: ConsumeMessage) => {
    const inner = eventType(message);
    return inner.event_type === 'baremetal.node.create.end' && inner.payload['ironic_object.data']?.uuid === uuid;
  };
  return { uuid, isOurs };
}

/** The source starts (declares and binds its durable queue), then goes away. */
async function startAndStop(spec: v1alpha1.AMQPEventSource): Promise<void> {
  const first = await connect();
  await declare(await first.createChannel(), spec);
  await first.close();
}

test('default (v1.9.11, auto-ack): notifications published while the source is down wait in the durable queue, and the Sensor maps them', async () => {
  expect(spec.consume.autoAck).toBe(true);
  await startAndStop(spec);
  const { uuid, isOurs } = await createNode(); // while nobody consumes

  // The source comes back: the notification waited in the queue.
  const second = await connect();
  const channel = await second.createChannel();
  await declare(channel, spec);
  const message = await consumeUntil(channel, spec, isOurs);
  expect(message.fields).toMatchObject({ exchange: 'ironic', routingKey: 'ironic_versioned_notifications.info' });

  // The Sensor generated for it creates a Workflow for that node.
  const data = amqpEventData({
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    body: message.content.toString(),
    contentType: message.properties.contentType,
    contentEncoding: message.properties.contentEncoding,
    deliveryMode: message.properties.deliveryMode,
    priority: message.properties.priority,
  });
  const jq = (expression: string, input: unknown) =>
    JSON.parse(execFileSync('jq', ['-c', expression], { input: JSON.stringify(input) }).toString());
  const [fired] = evaluateSensor(
    onReceipt.sensor,
    {
      eventSourceName: onReceipt.name,
      eventName: 'ironic',
      data,
      context: eventContext(onReceipt.name, 'ironic', 'amqp'),
    },
    { jq },
  );
  expect((fired!.resource.spec as { arguments: unknown }).arguments).toEqual({
    parameters: [{ name: 'node', value: uuid }],
  });

  // The trade-off (docs/events.md): RabbitMQ counted it delivered on receipt. A source that dies before publishing
  // it to the EventBus does not get it again.
  await second.close();
  const third = await connect();
  const later = await receivedWithin(await third.createChannel(), spec, 3_000);
  expect(later.filter(isOurs)).toEqual([]);
  expect(later.filter((m) => m.fields.redelivered)).toEqual([]);
}, 60_000);

test('ackAfterPublish (a build with #4179): a message not yet acknowledged is redelivered to the next consumer', async () => {
  const manual = afterPublish.spec;
  expect(manual.consume.autoAck).toBe(false);
  await startAndStop(manual);
  const { isOurs } = await createNode();

  const second = await connect();
  const channel = await second.createChannel();
  await declare(channel, manual);
  await consumeUntil(channel, manual, isOurs);
  // The consumer dies before acknowledging: the message comes back (at least once).
  await second.close();
  const third = await connect();
  const again = await consumeUntil(await third.createChannel(), manual, isOurs);
  expect(again.fields.redelivered).toBe(true);
}, 60_000);
