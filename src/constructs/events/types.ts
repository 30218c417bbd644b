/**
 * Closed TypeScript mirrors of the Argo Events v1.9.11 Go types (pkg/apis/events/v1alpha1), limited to the fields
 * opsflow emits. The CRDs carry no schema, so the cluster silently ignores a misplaced field; these types make one a
 * compile error instead (e.g. `atLeastOnce` exists on `Trigger`, not on `TriggerTemplate`).
 */

export const ARGO_EVENTS_API_VERSION = 'argoproj.io/v1alpha1';

/** core/v1 SecretKeySelector. */
export interface SecretKeySelector {
  readonly name: string;
  readonly key: string;
}

/** AE `Template` (pod template of EventSource and Sensor deployments), the fields we set. */
export interface PodTemplate {
  readonly serviceAccountName?: string;
  readonly securityContext?: {
    readonly runAsNonRoot?: boolean;
    readonly runAsUser?: number;
    readonly seccompProfile?: { readonly type: 'RuntimeDefault' };
  };
}

/** AE `Backoff` (`common.go`): `duration` is nanoseconds or a Go duration string such as "1s". */
export interface Backoff {
  readonly duration?: number | string;
  readonly factor?: number;
  readonly jitter?: number;
  readonly steps?: number;
}

// ---------------------------------------------------------------------------------------------- EventBus

/** AE `JetStreamBus` (`jetstream_eventbus.go`). */
export interface JetStreamBus {
  readonly version: string;
  readonly replicas?: number;
  readonly persistence?: {
    readonly storageClassName?: string;
    readonly accessMode?: string;
    readonly volumeSize?: string;
  };
}

/** AE `EventBusSpec`: only JetStream is offered (NATS streaming is deprecated). */
export interface EventBusSpec {
  readonly jetstream: JetStreamBus;
}

// ---------------------------------------------------------------------------------------------- EventSources

/** AE `WebhookContext` (`webhook_context.go`); `url` has no `omitempty` upstream, so it is always written. */
export interface WebhookContext {
  readonly endpoint: string;
  readonly method: 'POST';
  readonly port: string;
  readonly url: string;
  readonly authSecret: SecretKeySelector;
  readonly maxPayloadSize?: number;
}

/** AE `BasicAuth`. */
export interface BasicAuth {
  readonly username: SecretKeySelector;
  readonly password: SecretKeySelector;
}

/** AE `AMQPEventSource` (`eventsource_types.go`); the URL never carries credentials (those go in `auth`). */
export interface AMQPEventSource {
  readonly url: string;
  readonly exchangeName: string;
  readonly exchangeType: 'topic' | 'direct' | 'fanout' | 'headers';
  readonly routingKey: string;
  readonly connectionBackoff: Backoff;
  readonly jsonBody: true;
  readonly auth: BasicAuth;
  readonly exchangeDeclare: {
    readonly durable: boolean;
    readonly autoDelete: boolean;
    readonly internal: boolean;
    readonly noWait: boolean;
  };
  readonly queueDeclare: {
    readonly name: string;
    readonly durable: true;
    readonly autoDelete: false;
    readonly exclusive: false;
    readonly noWait: boolean;
  };
  readonly queueBind: { readonly noWait: boolean };
  readonly consume: {
    /** false only on an Argo Events build with argoproj/argo-events#4179: v1.9.11 never acks then. */
    readonly autoAck: boolean;
    readonly exclusive: boolean;
    readonly noLocal: boolean;
    readonly noWait: boolean;
  };
}

/** AE `CalendarEventSource`. */
export interface CalendarEventSource {
  readonly schedule: string;
  readonly timezone: string;
}

/** AE `Selector` (label or field selector of a resource watch). */
export interface Selector {
  readonly key: string;
  readonly operation?: '==' | '!=' | '=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';
  readonly value: string;
}

export type ResourceEventType = 'ADD' | 'UPDATE' | 'DELETE';

/** AE `ResourceEventSource`. */
export interface ResourceEventSource {
  readonly namespace: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly eventTypes: readonly ResourceEventType[];
  readonly filter?: {
    readonly labels?: readonly Selector[];
    readonly fields?: readonly Selector[];
    readonly afterStart?: boolean;
  };
}

/** AE `EventSourceSpec`: one map per type, keyed by event name. */
export interface EventSourceSpec {
  readonly eventBusName: string;
  readonly template?: PodTemplate;
  readonly webhook?: Readonly<Record<string, WebhookContext>>;
  readonly amqp?: Readonly<Record<string, AMQPEventSource>>;
  readonly calendar?: Readonly<Record<string, CalendarEventSource>>;
  readonly resource?: Readonly<Record<string, ResourceEventSource>>;
}

// ---------------------------------------------------------------------------------------------- Sensor

export type JSONType = 'string' | 'number' | 'bool';
export type Comparator = '>=' | '>' | '=' | '!=' | '<' | '<=';

/** AE `DataFilter`; string values are Go regexes matched unanchored, so opsflow only builds them through `Filter`. */
export interface DataFilter {
  readonly path: string;
  readonly type: JSONType;
  readonly value: readonly string[];
  readonly comparator?: Comparator;
}

/** AE `EventDependencyFilter`, the part we emit. */
export interface EventDependencyFilter {
  readonly data: readonly DataFilter[];
  readonly dataLogicalOperator?: 'and' | 'or';
}

/** AE `EventDependency`. */
export interface EventDependency {
  readonly name: string;
  readonly eventSourceName: string;
  readonly eventName: string;
  readonly filters?: EventDependencyFilter;
  readonly transform?: { readonly jq: string };
}

/** AE `TriggerParameterSource`; templates are Go text/template with the event data at `.Input`. */
export interface TriggerParameterSource {
  readonly dependencyName: string;
  readonly dataKey?: string;
  readonly dataTemplate?: string;
  /** A field of the event's CloudEvent context (`id`, `source`, `type`, `time`...), read when no data key is set. */
  readonly contextKey?: string;
  /** Used when the key or template does not resolve. */
  readonly value?: string;
}

/** AE `TriggerParameter`: `dest` is an sjson path into the trigger's resource. */
export interface TriggerParameter {
  readonly src: TriggerParameterSource;
  readonly dest: string;
  /** `append`: the value is added after what the resource has at `dest` (params.go `ApplyParams`). @default overwrite */
  readonly operation?: 'append';
}

/** AE `StandardK8STrigger` with an inline resource. */
export interface StandardK8STrigger {
  readonly operation: 'create' | 'patch';
  /** With `patch`. @default 'application/merge-patch+json' */
  readonly patchStrategy?: 'application/merge-patch+json';
  readonly source: { readonly resource: Readonly<Record<string, unknown>> };
  readonly parameters?: readonly TriggerParameter[];
}

/** AE `TriggerTemplate` with its one action, the `k8s` trigger. */
export interface TriggerTemplate {
  readonly name: string;
  readonly k8s: StandardK8STrigger;
}

/** AE `RateLimit`. */
export interface RateLimit {
  readonly unit: 'Second' | 'Minute' | 'Hour';
  readonly requestsPerUnit: number;
}

/** AE `Trigger` (the list item). `atLeastOnce`, `retryStrategy`, `rateLimit` and `dlqTrigger` live here. */
export interface Trigger {
  readonly template: TriggerTemplate;
  readonly atLeastOnce: boolean;
  readonly retryStrategy?: Backoff;
  readonly rateLimit?: RateLimit;
  readonly dlqTrigger?: Trigger;
}

/** AE `SensorSpec`. */
export interface SensorSpec {
  readonly eventBusName: string;
  readonly template: PodTemplate & { readonly serviceAccountName: string };
  readonly dependencies: readonly EventDependency[];
  readonly triggers: readonly Trigger[];
}
