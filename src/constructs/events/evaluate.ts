/**
 * What a Sensor does with one event, evaluated here with Argo Events v1.9.11 semantics for the features opsflow
 * emits: data filters (pkg/sensors/dependencies/filter.go `filterData`), trigger parameters from `dataKey` or `contextKey`
 * (pkg/sensors/triggers/params.go) or the one hashing template form it emits, written at their `dest`, and the labels the k8s trigger adds on create. Used to
 * replay real payloads against the generated Sensors; anything else (jq transforms unless a runner is given,
 * other templates, gjson wildcards or queries) is refused rather than guessed. Payloads are read as encoding/json
 * reads them (go-json.ts) and string filters are RE2 expressions, as Go's regexp has them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { RE2JS } from 're2js';
import { GoJsonSyntaxError, isRawNumber, type Json, parseGoJson } from './go-json.js';
import { parseGoBool, parseGoFloat } from './go-strconv.js';
import type { DataFilter, EventDependencyFilter, SensorSpec, TriggerParameterSource } from './types.js';

export type { Json } from './go-json.js';

/**
 * A webhook body as the webhook EventSource embeds it (`json.RawMessage`, pkg/eventsources/sources/webhook/start.go
 * of v1.9.11): a body encoding/json refuses is answered 400 with this message and never becomes an event.
 */
export function parseWebhookBody(text: string): Json {
  return parseRawMessage(text, (message) => message);
}

function parseRawMessage(text: string, describe: (message: string) => string): Json {
  try {
    return parseGoJson(text);
  } catch (error) {
    if (!(error instanceof GoJsonSyntaxError)) throw error;
    throw new Error(describe(`json: error calling MarshalJSON for type *json.RawMessage: ${error.message}`));
  }
}

/** `events.WebhookEventData`: what a webhook EventSource publishes for a POST with a JSON body. */
export function webhookEventData(body: unknown, headers: Readonly<Record<string, string>> = {}): Json {
  const header = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      canonicalHeader(name),
      // The EventSource masks the bearer token before publishing (webhook.go).
      [canonicalHeader(name) === 'Authorization' ? '*** Masked Auth Secret ***' : value],
    ]),
  );
  return { header, body: body as Json };
}

/** The AMQP message properties the EventSource copies into the event (AMQP 0-9-1 basic properties). */
export interface AmqpMessage {
  readonly exchange: string;
  readonly routingKey: string;
  /** The message body, a JSON document (the source has `jsonBody: true`), as the bytes' UTF-8 text. */
  readonly body: string;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly deliveryMode?: number;
  readonly priority?: number;
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly expiration?: string;
  readonly messageId?: string;
  /** Seconds since the epoch, as AMQP carries it. */
  readonly timestamp?: number;
  readonly type?: string;
  readonly appId?: string;
}

/**
 * `events.AMQPEventData` with `jsonBody: true`: the properties, and the body embedded as JSON. A body that is not
 * JSON fails the EventSource's `json.Marshal` and the message is dropped with this error in the EventSource's log
 * (pkg/eventsources/sources/amqp/start.go `handleOne`, v1.9.11).
 */
export function amqpEventData(message: AmqpMessage): Json {
  const body = parseRawMessage(
    message.body,
    (cause) => `failed to marshal the message, message-id: ${message.messageId ?? ''}, ${cause}`,
  );
  return {
    contentType: message.contentType ?? '',
    contentEncoding: message.contentEncoding ?? '',
    deliveryMode: message.deliveryMode ?? 0,
    priority: message.priority ?? 0,
    correlationId: message.correlationId ?? '',
    replyTo: message.replyTo ?? '',
    expiration: message.expiration ?? '',
    messageId: message.messageId ?? '',
    timestamp: goTimeString(message.timestamp),
    type: message.type ?? '',
    appId: message.appId ?? '',
    exchange: message.exchange,
    routingKey: message.routingKey,
    body,
  };
}

/** Go's `time.Time.String()` in UTC; an absent AMQP timestamp is Go's zero time. */
function goTimeString(seconds?: number): string {
  const iso = new Date((seconds ?? -62135596800) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

/** The subset of gjson paths opsflow writes: dot-separated keys (`\.` escapes a dot), array indexes and `#`. */
export function gjsonGet(data: unknown, path: string): { exists: boolean; value?: Json } {
  if (/(^|[^\\])[*?|@]/.test(path) || path.includes('#(')) {
    throw new Error(
      `gjson path ${JSON.stringify(path)} uses wildcards, queries or modifiers, which are not evaluated here`,
    );
  }
  let current = data as Json | undefined;
  for (const key of path.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'))) {
    if (Array.isArray(current)) {
      if (key === '#') current = current.length;
      else current = /^\d+$/.test(key) ? current[Number(key)] : undefined;
    } else if (current !== null && typeof current === 'object' && !isRawNumber(current)) {
      current = Object.hasOwn(current, key) ? current[key] : undefined;
    } else {
      current = undefined;
    }
    if (current === undefined) return { exists: false };
  }
  return { exists: true, value: current };
}

/**
 * gjson `Result.String()`: an integer literal exactly as written (every digit), another number through
 * `strconv.FormatFloat(f, 'f', -1, 64)`, an object or array as its JSON text.
 */
function gjsonString(value: Json): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (isRawNumber(value)) return /^-?\d+$/.test(value.rawJSON) ? value.rawJSON : formatFloatF(Number(value.rawJSON));
  if (typeof value === 'number') return formatFloatF(value);
  return JSON.stringify(value);
}

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits that round-trip, never an exponent. */
function formatFloatF(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  const [mantissa, exponent] = f.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const point = Number(exponent) + 1;
  const fixed =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${fixed}` : fixed;
}

/** `filterData`: every filter must pass (`and`, the default) or one of them (`or`); a missing path fails it. */
export function passesFilters(filters: EventDependencyFilter | undefined, data: unknown): boolean {
  const list = filters?.data ?? [];
  if (list.length === 0) return true;
  const results = list.map((filter) => passesFilter(filter, data));
  return filters?.dataLogicalOperator === 'or' ? results.some(Boolean) : results.every(Boolean);
}

function passesFilter(filter: DataFilter, data: unknown): boolean {
  const found = gjsonGet(data, filter.path);
  if (!found.exists || filter.value.length === 0) return false;
  const value = found.value ?? null;
  return filter.value.some((expected) => compare(filter, value, expected));
}

function compare(filter: DataFilter, value: Json, expected: string): boolean {
  switch (filter.type) {
    case 'bool': {
      const wanted = parseGoBool(expected);
      if (wanted === undefined)
        throw new Error(`filter value ${JSON.stringify(expected)} is not a boolean (Go strconv.ParseBool)`);
      return toBool(value) === wanted;
    }
    case 'number': {
      const wanted = parseGoFloat(expected);
      if (!wanted.ok)
        throw new Error(`filter value ${JSON.stringify(expected)} is not a number (Go strconv.ParseFloat)`);
      return numberComparators[filter.comparator ?? '='](toFloat(value), wanted.value);
    }
    case 'string': {
      const matched = re2(expected).test(gjsonString(value));
      if (filter.comparator === '!=') return !matched;
      return (filter.comparator ?? '=') === '=' ? matched : false;
    }
  }
}

const numberComparators: Record<NonNullable<DataFilter['comparator']>, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** Go's `regexp.Compile`: RE2 syntax (`(?i)`, no lookaround or backreferences), matched in linear time. */
function re2(expression: string): RE2JS {
  try {
    return RE2JS.compile(expression);
  } catch (error) {
    throw new Error(
      `filter value ${JSON.stringify(expression)} is not a Go regular expression: ${(error as Error).message}`,
    );
  }
}

/** gjson `Result.Bool()`: a string goes through ParseBool lower-cased (`TrUe` is true, `yes` is false). */
function toBool(value: Json): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (isRawNumber(value)) return Number(value.rawJSON) !== 0;
  if (typeof value === 'string') return parseGoBool(value.toLowerCase()) ?? false;
  return false;
}

/** gjson `Result.Float()`: a string goes through ParseFloat, its error ignored (`12x` is 0, `1e999` is +Inf). */
function toFloat(value: Json): number {
  if (typeof value === 'number') return value;
  if (isRawNumber(value)) return Number(value.rawJSON);
  if (value === true) return 1;
  if (typeof value === 'string') return parseGoFloat(value).value;
  return 0;
}

/** An event as the Sensor receives it from the EventBus. */
export interface IncomingEvent {
  readonly eventSourceName: string;
  readonly eventName: string;
  /** The event data (e.g. `webhookEventData(body)`). */
  readonly data: unknown;
  /** The CloudEvent context the EventSource set (`id`, `source`, `type`, `time`...), read by `contextKey`. */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * The CloudEvent context an EventSource gives each event it publishes, as the Sensor reads it with `contextKey`
 * (argo-events v1.9.11 pkg/eventsources/eventing.go: a new id, the hex of a random UUID; the source type, the
 * EventSource's and the event's names, the time; the data as JSON; field names of sensor_types.go EventContext).
 * A replay of a real event gets a fresh one, as the real event would.
 */
export function eventContext(eventSourceName: string, eventName: string, type: string): Record<string, string> {
  return {
    id: randomUUID().replaceAll('-', ''),
    source: eventSourceName,
    specversion: '1.0',
    type,
    datacontenttype: 'application/json',
    subject: eventName,
    time: new Date().toISOString(),
  };
}

/** A trigger that fires, with the object it creates. */
export interface FiredTrigger {
  readonly trigger: string;
  readonly operation: 'create' | 'patch';
  readonly resource: Record<string, unknown>;
}

/** What the cluster ends up with after one fired trigger, and whether the Sensor sees an error (and retries). */
export type TriggerOutcome =
  | { readonly outcome: 'created'; readonly name: string }
  | { readonly outcome: 'patched'; readonly name: string }
  | { readonly outcome: 'error'; readonly name: string; readonly reason: 'AlreadyExists' };

/**
 * standard-k8s.go `Execute` (Argo Events v1.9.11) against the Workflows of a namespace, by name: `create` POSTs,
 * and a name that exists is the API server's 409 AlreadyExists, returned to the listener as an error (retried, then
 * the dlqTrigger); `patch` GETs the name, creates the object when it is missing, and otherwise merge-patches it
 * (a patch of the same fields changes nothing). `generateName` always creates (the API server picks a new name).
 */
export function executeTrigger(fired: FiredTrigger, workflows: Map<string, Record<string, unknown>>): TriggerOutcome {
  const metadata = fired.resource.metadata as { name?: string; generateName?: string };
  const name = metadata.name ?? `${metadata.generateName}${workflows.size.toString(36).padStart(5, '0')}`;
  if (!workflows.has(name)) {
    workflows.set(name, fired.resource);
    return { outcome: 'created', name };
  }
  if (fired.operation === 'create') return { outcome: 'error', name, reason: 'AlreadyExists' };
  workflows.set(name, mergePatch(workflows.get(name)!, fired.resource) as Record<string, unknown>);
  return { outcome: 'patched', name };
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

export interface EvaluateOptions {
  /** Runs a dependency's jq transform (e.g. the jq binary); without it a Sensor with a transform is refused. */
  readonly jq?: (expression: string, data: unknown) => unknown;
}

/**
 * The triggers a Sensor fires for one event. Only triggers whose dependencies are all satisfied by this event fire
 * (no `conditions` are emitted, so upstream ANDs every dependency of the Sensor).
 */
export function evaluateSensor(
  sensor: { readonly metadata: { readonly name: string }; readonly spec: SensorSpec },
  event: IncomingEvent,
  options: EvaluateOptions = {},
): FiredTrigger[] {
  const satisfied = new Map<string, { data: unknown; context: IncomingEvent['context'] }>();
  for (const dependency of sensor.spec.dependencies) {
    if (dependency.eventSourceName !== event.eventSourceName || dependency.eventName !== event.eventName) continue;
    let data = event.data;
    if (dependency.transform) {
      if (!options.jq) throw new Error(`dependency ${dependency.name} has a jq transform and no jq runner was given`);
      data = options.jq(dependency.transform.jq, data);
    }
    if (passesFilters(dependency.filters, data)) satisfied.set(dependency.name, { data, context: event.context });
  }
  if (sensor.spec.dependencies.some((dependency) => !satisfied.has(dependency.name))) return [];
  return sensor.spec.triggers.map((trigger) => {
    const { k8s } = trigger.template;
    const resource = structuredClone(k8s.source.resource) as Record<string, unknown>;
    for (const parameter of k8s.parameters ?? []) {
      const value = resolveParameter(parameter.src, satisfied);
      const current = parameter.operation === 'append' ? gjsonGet(resource, parameter.dest) : { exists: false };
      setPath(resource, parameter.dest, current.exists ? gjsonString(current.value ?? null) + value : value);
    }
    // Added by the k8s trigger on create only, not by patch (standard-k8s.go); the action timestamp varies, so it
    // is left out.
    if (k8s.operation === 'create') {
      const metadata = resource.metadata as Record<string, unknown>;
      metadata.labels = {
        ...(metadata.labels as Record<string, string> | undefined),
        'events.argoproj.io/sensor': sensor.metadata.name,
        'events.argoproj.io/trigger': trigger.template.name,
      };
    }
    return { trigger: trigger.template.name, operation: k8s.operation, resource };
  });
}

/**
 * params.go `ResolveParamValue`: a data key or template reads the event data, else a `contextKey` reads the JSON of
 * the event context (gjson over it, like a data key).
 */
function resolveParameter(
  src: TriggerParameterSource,
  events: ReadonlyMap<string, { data: unknown; context: IncomingEvent['context'] }>,
): string {
  const { data, context } = events.get(src.dependencyName)!;
  if (src.dataTemplate !== undefined) return evaluateTemplate(src.dataTemplate, data);
  if (src.dataKey === undefined && src.contextKey !== undefined) {
    if (!context) throw new Error(`parameter reads contextKey ${src.contextKey} and the event has no context`);
    const found = gjsonGet(context, src.contextKey);
    if (found.exists) return gjsonString(found.value ?? null);
    if (src.value !== undefined) return src.value;
    throw new Error(
      `unable to resolve '${src.dependencyName}' parameter value: context key ${src.contextKey} does not exist`,
    );
  }
  const found = src.dataKey !== undefined ? gjsonGet(data, src.dataKey) : { exists: false };
  if (found.exists) {
    const value = found.value ?? null;
    return value === null ? 'null' : gjsonString(value);
  }
  if (src.value !== undefined) return src.value;
  throw new Error(
    `unable to resolve '${src.dependencyName}' parameter value: key ${src.dataKey} does not exist in the event`,
  );
}

/** The one template form the generator emits: a string field of `.Input` piped through sprig `sha256sum` and `trunc`. */
const HASH_TEMPLATE = /^\{\{\s*\.Input((?:\.[A-Za-z_]\w*)+)((?:\s*\|\s*(?:sha256sum|trunc\s+\d+))*)\s*\}\}$/;

/**
 * `getValueWithTemplate` (params.go) for `{{ .Input.a.b | sha256sum | trunc 20 }}`: the field of the event data
 * (text/template over the parsed JSON), sprig's `sha256sum` (hex of SHA-256) and `trunc` (the first n characters).
 * Any other template is refused.
 */
function evaluateTemplate(template: string, data: unknown): string {
  const form = HASH_TEMPLATE.exec(template);
  if (!form) throw new Error(`dataTemplate ${JSON.stringify(template)} is not evaluated here`);
  const found = gjsonGet(data, form[1]!.slice(1));
  if (!found.exists || typeof found.value !== 'string') {
    throw new Error(`dataTemplate ${JSON.stringify(template)}: .Input${form[1]} is not a string of the event`);
  }
  let value = found.value;
  for (const call of form[2]!
    .split('|')
    .slice(1)
    .map((part) => part.trim())) {
    value =
      call === 'sha256sum'
        ? createHash('sha256').update(value).digest('hex')
        : value.slice(0, Number(call.split(/\s+/)[1]));
  }
  return value;
}

/**
 * sjson `Set` for the dot paths opsflow writes (`spec.arguments.parameters.0.value`, `metadata.annotations.a\.b/c`:
 * `\.` escapes a dot of a key).
 */
function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const keys = path.split(/(?<!\\)\./).map((key) => key.replace(/\\\./g, '.'));
  if (keys.some((key) => !/^[\w./-]+$/.test(key)))
    throw new Error(`dest ${JSON.stringify(path)} is not a plain dot path`);
  let current: unknown = target;
  keys.forEach((key, i) => {
    const container = current as Record<string, unknown>;
    if (i === keys.length - 1) container[key] = value;
    else current = container[key] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {};
  });
}

/** Go's http.CanonicalHeaderKey: `x-request-id` becomes `X-Request-Id`. */
function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
