import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsLabel, problem } from '../validation.js';
import { securePodTemplate } from './pod.js';
import { ARGO_EVENTS_API_VERSION, type EventSourceSpec } from './types.js';

/** The EventSource types opsflow generates; also the CloudEvent `type` of their events. */
export type EventSourceType = 'webhook' | 'amqp' | 'calendar' | 'resource';

/**
 * One event of one EventSource, as Sensor dependencies reference it. Obtained from `source.event(name)`, never
 * spelled as strings, so a renamed event is a compile error rather than a Sensor waiting forever.
 */
export interface EventReference {
  readonly eventSourceName: string;
  readonly eventName: string;
  readonly eventSourceType: EventSourceType;
  readonly eventBusName: string;
}

export interface EventSourceProps {
  /** metadata.name; also the `eventSourceName` Sensors use. */
  readonly name: string;
  /**
   * Namespace of the EventSource.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The EventBus the events are published on.
   * @default 'default'
   */
  readonly eventBusName?: string;
}

/**
 * Base of the typed EventSources: one Argo Events EventSource object whose `spec.<type>` map holds one entry per
 * event. `Events` is the union of the event names given at construction, so `event()` only accepts those.
 */
export abstract class EventSource<Events extends string, Options> extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly eventBusName: string;
  abstract readonly type: EventSourceType;
  private readonly events = new Map<string, Options>();

  protected constructor(scope: Construct, id: string, props: EventSourceProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? '';
    this.eventBusName = props.eventBusName ?? 'default';

    new ApiObject(this, 'Resource', {
      apiVersion: ARGO_EVENTS_API_VERSION,
      kind: 'EventSource',
      metadata: { name: this.name, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });

    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Add an event; returns its reference for Sensor dependencies. */
  addEvent(name: string, options: Options): EventReference {
    if (this.events.has(name)) throw new Error(`${this.kindLabel()}: event "${name}" is declared twice`);
    this.events.set(name, options);
    this.onEventAdded(name, options);
    return this.reference(name);
  }

  /** The reference to one of the events declared at construction. */
  event(name: Events): EventReference {
    if (!this.events.has(name)) {
      throw new Error(
        `${this.kindLabel()}: no event ${JSON.stringify(name)} (events: ${[...this.events.keys()].join(', ')})`,
      );
    }
    return this.reference(name);
  }

  /** Options of a declared event. */
  protected eventOptions(name: string): Options | undefined {
    return this.events.get(name);
  }

  /** The spec entry of one event (`spec.<type>.<name>`). */
  protected abstract renderEvent(name: string, options: Options): unknown;

  /** Problems of one event, each naming the field and the value. */
  protected abstract validateEvent(name: string, options: Options): string[];

  /** Hook for sources that create objects per event (Service ports, RBAC). */
  protected onEventAdded(_name: string, _options: Options): void {}

  /** The ServiceAccount the source's pod runs as; none by default (it needs no Kubernetes API access). */
  protected get serviceAccountName(): string | undefined {
    return undefined;
  }

  protected addEvents(events: Readonly<Record<Events, Options>>): void {
    for (const [name, options] of Object.entries(events) as [string, Options][]) this.addEvent(name, options);
  }

  /** `EventSource <name>: spec.<type>.<event>` prefix of validation messages. */
  protected field(event: string, path: string): string {
    return `${this.kindLabel()}: spec.${this.type}.${event}.${path}`;
  }

  private kindLabel(): string {
    return `EventSource ${this.name}`;
  }

  private reference(eventName: string): EventReference {
    return {
      eventSourceName: this.name,
      eventName,
      eventSourceType: this.type,
      eventBusName: this.eventBusName,
    };
  }

  private renderSpec(): EventSourceSpec {
    const events = Object.fromEntries(
      [...this.events].map(([name, options]) => [name, this.renderEvent(name, options)]),
    );
    return {
      eventBusName: this.eventBusName,
      template: securePodTemplate(this.serviceAccountName),
      [this.type]: events,
    };
  }

  private validate(): string[] {
    const errors = [
      ...checkDnsLabel(`${this.kindLabel()}: metadata.name`, this.name),
      ...(this.namespace
        ? []
        : [problem(`${this.kindLabel()}: metadata.namespace`, 'must be set (no chart namespace)', this.namespace)]),
    ];
    if (this.events.size === 0)
      errors.push(problem(`${this.kindLabel()}: spec.${this.type}`, 'needs at least one event', {}));
    for (const [name, options] of this.events) {
      errors.push(...checkDnsLabel(`${this.kindLabel()}: spec.${this.type} event name`, name));
      errors.push(...this.validateEvent(name, options));
    }
    return errors;
  }
}
