import type { Construct } from 'constructs';
import { problem } from '../validation.js';
import { EventSource, type EventSourceProps, type EventSourceType } from './event-source.js';
import type { AMQPEventSource, Backoff } from './types.js';

export interface AmqpEventOptions {
  /** Exchange the messages are published to, e.g. `ironic` or `keystone`. */
  readonly exchangeName: string;
  /** Binding key, e.g. `ironic_versioned_notifications.info` (topic wildcards `*` and `#` allowed). */
  readonly routingKey: string;
  /**
   * Durable queue the source consumes, so messages published while it is down wait for it.
   * @default `opsflow.<source name>.<event name>`
   */
  readonly queueName?: string;
}

export interface AmqpEventSourceProps<Events extends string> extends EventSourceProps {
  /** `amqp(s)://host[:port][/vhost]`, without credentials (those come from `credentialsSecret`). */
  readonly url: string;
  /** Secret with keys `username` and `password`. */
  readonly credentialsSecret: string;
  /**
   * How the exchanges are declared. The source always declares them, and RabbitMQ refuses (406
   * PRECONDITION_FAILED) a declaration that differs from the existing exchange.
   * @default oslo.messaging's: topic, not durable, not auto-deleted
   */
  readonly exchange?: {
    readonly type: AMQPEventSource['exchangeType'];
    readonly durable: boolean;
    readonly autoDelete: boolean;
  };
  /**
   * Reconnection backoff.
   * @default 1s doubling with 20% jitter, 10 attempts (about 17 minutes)
   */
  readonly connectionBackoff?: Backoff;
  /**
   * Ack a message only once it is published to the EventBus (`consume.autoAck: false`). Argo Events v1.9.11 never
   * acks in that mode (argoproj/argo-events#4178; the fix #4179 is in no release), so set it only for a build with
   * the fix; the catalog takes it from `site.argoEvents.amqpAckFix`.
   * @default false: RabbitMQ counts a message delivered when it sends it (`autoAck: true`); see the class doc
   */
  readonly ackAfterPublish?: boolean;
  readonly events: Readonly<Record<Events, AmqpEventOptions>>;
}

const OSLO_EXCHANGE = { type: 'topic', durable: false, autoDelete: false } as const;
const DEFAULT_BACKOFF: Backoff = { duration: '1s', factor: 2, jitter: 0.2, steps: 10 };

/**
 * An AMQP (RabbitMQ) EventSource on a durable, named, non-exclusive queue per event, so messages published while
 * the source is down wait for it (upstream's default is an exclusive server-named queue, gone with the consumer).
 * Bodies are JSON (`jsonBody`), credentials come from a Secret, never from the URL.
 *
 * Acknowledgement (Argo Events v1.9.11, pkg/eventsources/sources/amqp/start.go): by default `autoAck: true`, because
 * with `autoAck: false` v1.9.11's `handleOne` never calls `Ack` (argoproj/argo-events#4178) and every message is
 * redelivered on each reconnect. With auto-ack RabbitMQ drops a message once it is sent to the source; the source
 * sets no prefetch (no `Qos`), so after a reconnect the whole backlog is sent at once and waits in the client's
 * memory while `handleOne` publishes one message at a time to the EventBus (pkg/eventsources/eventing.go: up to 5
 * attempts, 1-2 s apart). What is lost if the pod dies: every message received but not yet published (on a restart
 * after downtime, the unpublished rest of the backlog); and a message whose publish fails all attempts is dropped
 * (logged "failed to process an AMQP message"). `ackAfterPublish` closes that window on a build with #4179.
 */
export class AmqpEventSource<Events extends string> extends EventSource<Events, AmqpEventOptions> {
  readonly type: EventSourceType = 'amqp';
  private readonly url: string;
  private readonly credentialsSecret: string;
  private readonly exchange: NonNullable<AmqpEventSourceProps<Events>['exchange']>;
  private readonly connectionBackoff: Backoff;
  private readonly ackAfterPublish: boolean;

  constructor(scope: Construct, id: string, props: AmqpEventSourceProps<Events>) {
    super(scope, id, props);
    this.url = props.url;
    this.credentialsSecret = props.credentialsSecret;
    this.exchange = props.exchange ?? OSLO_EXCHANGE;
    this.connectionBackoff = props.connectionBackoff ?? DEFAULT_BACKOFF;
    this.ackAfterPublish = props.ackAfterPublish ?? false;
    this.addEvents(props.events);
  }

  protected renderEvent(name: string, options: AmqpEventOptions): AMQPEventSource {
    return {
      url: this.url,
      exchangeName: options.exchangeName,
      exchangeType: this.exchange.type,
      routingKey: options.routingKey,
      connectionBackoff: this.connectionBackoff,
      jsonBody: true,
      auth: {
        username: { name: this.credentialsSecret, key: 'username' },
        password: { name: this.credentialsSecret, key: 'password' },
      },
      exchangeDeclare: {
        durable: this.exchange.durable,
        autoDelete: this.exchange.autoDelete,
        internal: false,
        noWait: false,
      },
      queueDeclare: {
        name: this.queueName(name, options),
        durable: true,
        autoDelete: false,
        exclusive: false,
        noWait: false,
      },
      queueBind: { noWait: false },
      consume: { autoAck: !this.ackAfterPublish, exclusive: false, noLocal: false, noWait: false },
    };
  }

  protected validateEvent(name: string, options: AmqpEventOptions): string[] {
    const errors: string[] = [];
    // Checked per event so the message points at the rendered field.
    if (!/^amqps?:\/\//.test(this.url)) {
      errors.push(problem(this.field(name, 'url'), 'must start with amqp:// or amqps://', this.url));
    } else if (/^amqps?:\/\/[^/]*@/.test(this.url)) {
      errors.push(
        problem(
          this.field(name, 'url'),
          'must not carry credentials; they come from the credentials Secret',
          redact(this.url),
        ),
      );
    }
    if (!options.exchangeName)
      errors.push(problem(this.field(name, 'exchangeName'), 'must be set', options.exchangeName));
    if (!/^[\w.*#-]+$/.test(options.routingKey)) {
      errors.push(
        problem(
          this.field(name, 'routingKey'),
          'must be a binding key such as "notifications.info"',
          options.routingKey,
        ),
      );
    }
    const queue = this.queueName(name, options);
    if (!/^[\w.:-]{1,255}$/.test(queue) || queue.startsWith('amq.')) {
      errors.push(
        problem(this.field(name, 'queueDeclare.name'), 'must be a queue name (not empty, not "amq.*")', queue),
      );
    }
    return errors;
  }

  private queueName(event: string, options: AmqpEventOptions): string {
    return options.queueName ?? `opsflow.${this.name}.${event}`;
  }
}

/** The URL with its userinfo replaced, so a password never reaches a log or an error message. */
function redact(url: string): string {
  return url.replace(/^(amqps?:\/\/)[^/]*@/, '$1***@');
}
