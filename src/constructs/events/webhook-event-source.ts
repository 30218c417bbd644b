import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { problem } from '../validation.js';
import { EventSource, type EventSourceProps, type EventSourceType } from './event-source.js';
import type { SecretKeySelector, WebhookContext } from './types.js';

export interface WebhookEventOptions {
  /** URL path the sender posts to, e.g. `/alerts`. */
  readonly endpoint: string;
  /**
   * Port of the webhook server; events may share one.
   * @default 12000
   */
  readonly port?: number;
  /**
   * Secret key holding the bearer token senders must present (`Authorization: Bearer <token>`). Required: an
   * unauthenticated webhook lets anyone on the network run actions.
   */
  readonly authSecret: SecretKeySelector;
  /**
   * Largest accepted body in bytes.
   * @default 1048576 (upstream's default)
   */
  readonly maxPayloadSize?: number;
}

export interface WebhookEventSourceProps<Events extends string> extends EventSourceProps {
  readonly events: Readonly<Record<Events, WebhookEventOptions>>;
}

const DEFAULT_PORT = 12000;

const endpointKey = (port: number, endpoint: string): string => `${port} ${endpoint}`;

/**
 * A webhook EventSource accepting authenticated POSTs, and the ClusterIP Service senders post to
 * (`<name>-eventsource`; upstream's `spec.service` is documented as for testing only). Each event's `url` is the
 * in-cluster URL of its endpoint.
 */
export class WebhookEventSource<Events extends string> extends EventSource<Events, WebhookEventOptions> {
  readonly type: EventSourceType = 'webhook';
  readonly service: kplus.Service;
  private readonly servicePorts = new Set<number>();
  /** The events of each `port endpoint`, in declaration order: a clash check per event without a scan of all. */
  private readonly eventsByEndpoint = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: WebhookEventSourceProps<Events>) {
    super(scope, id, props);
    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: `${this.name}-eventsource`, namespace: this.namespace },
      type: kplus.ServiceType.CLUSTER_IP,
    });
    // The label the Argo Events controller puts on the EventSource's pods.
    this.service.selectLabel('eventsource-name', this.name);
    this.addEvents(props.events);
  }

  /** In-cluster URL of one event's endpoint, for the sender's configuration (e.g. Alertmanager's receiver). */
  url(event: Events): string {
    const options = this.optionsOf(event);
    return `http://${this.service.name}.${this.namespace}.svc:${options.port ?? DEFAULT_PORT}${options.endpoint}`;
  }

  protected override onEventAdded(name: string, options: WebhookEventOptions): void {
    const port = options.port ?? DEFAULT_PORT;
    const endpoint = endpointKey(port, options.endpoint);
    const sharing = this.eventsByEndpoint.get(endpoint);
    if (sharing) sharing.push(name);
    else this.eventsByEndpoint.set(endpoint, [name]);
    if (this.servicePorts.has(port)) return;
    this.servicePorts.add(port);
    this.service.bind(port, { name: `http-${port}`, targetPort: port });
  }

  protected renderEvent(name: string, options: WebhookEventOptions): WebhookContext {
    return {
      endpoint: options.endpoint,
      method: 'POST',
      port: String(options.port ?? DEFAULT_PORT),
      url: this.url(name as Events),
      authSecret: options.authSecret,
      ...(options.maxPayloadSize !== undefined ? { maxPayloadSize: options.maxPayloadSize } : {}),
    };
  }

  protected validateEvent(name: string, options: WebhookEventOptions): string[] {
    const errors: string[] = [];
    if (!/^\/[\w\-./]*$/.test(options.endpoint)) {
      errors.push(problem(this.field(name, 'endpoint'), 'must be a URL path starting with "/"', options.endpoint));
    }
    const port = options.port ?? DEFAULT_PORT;
    if (!Number.isInteger(port) || port < 1024 || port > 65535) {
      errors.push(problem(this.field(name, 'port'), 'must be an unprivileged port (1024-65535)', options.port));
    }
    const clash = this.eventsByEndpoint.get(endpointKey(port, options.endpoint))?.find((other) => other !== name);
    if (clash) {
      errors.push(
        problem(
          this.field(name, 'endpoint'),
          `is also the endpoint of event "${clash}" on port ${port}`,
          options.endpoint,
        ),
      );
    }
    if (!options.authSecret?.name || !options.authSecret.key) {
      errors.push(
        problem(
          this.field(name, 'authSecret'),
          'is required: an unauthenticated webhook lets anyone who reaches it trigger actions',
          options.authSecret,
        ),
      );
    }
    if (
      options.maxPayloadSize !== undefined &&
      !(Number.isInteger(options.maxPayloadSize) && options.maxPayloadSize > 0)
    ) {
      errors.push(
        problem(this.field(name, 'maxPayloadSize'), 'must be a positive number of bytes', options.maxPayloadSize),
      );
    }
    return errors;
  }

  private optionsOf(event: string): WebhookEventOptions {
    const options = this.eventOptions(event);
    if (!options) throw new Error(`EventSource ${this.name}: no event ${JSON.stringify(event)}`);
    return options;
  }
}
