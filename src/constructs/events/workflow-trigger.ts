import { EVENT_ANNOTATION } from '../../governance/audit.js';
import { checkDnsLabel, GJSON_PATH, problem } from '../validation.js';
import { argumentProblems, type IWorkflowTemplate, templateReferencingProblems } from '../workflow-template-ref.js';
import { backoffProblems } from './backoff.js';
import { DEAD_LETTER_LABEL } from './dead-letter.js';
import { type DependencyRef, Param, type ParameterValue } from './parameters.js';
import type { Backoff, RateLimit, StandardK8STrigger, Trigger, TriggerParameter } from './types.js';

/** What a trigger needs from the Sensor it is added to. */
export interface ISensor {
  readonly name: string;
  readonly namespace: string;
  /** The Sensor's dependencies, in declaration order. */
  readonly dependencies: readonly DependencyRef[];
  /** Allow the Sensor's own ServiceAccount `verbs` on `resource` of `apiGroup`, in its namespace. */
  grant(apiGroup: string, resource: string, verbs: readonly string[]): void;
}

/** A trigger bound to a Sensor: rendered lazily so later changes to the template are seen. */
export interface BoundTrigger {
  readonly name: string;
  render(): Trigger;
  problems(): string[];
}

/** Anything a Sensor can run when its dependencies resolve; `bind` grants the Sensor what the trigger needs. */
export interface ITrigger {
  bind(sensor: ISensor): BoundTrigger;
}

export interface WorkflowTriggerProps {
  /** The WorkflowTemplate to run; the Workflow is created in its namespace. */
  readonly template: IWorkflowTemplate;
  /** Values of the template's parameters, by parameter name; each required parameter must be set. */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  /**
   * Trigger name, unique in the Sensor.
   * @default the template's name
   */
  readonly name?: string;
  /**
   * Where the event goes when every retry failed (`DeadLetterTemplate`, in the Sensor's namespace): the trigger's
   * `dlqTrigger` creates a Workflow of it carrying the event. There is no opting out: the EventBus message is acked
   * once the retries are spent, so without it a failed event would leave nothing but a Sensor log line.
   */
  readonly deadLetter: IWorkflowTemplate;
  /**
   * Retries of a failed create (API server unavailable, admission refusal...); must span at least 5 minutes.
   * @default 10 attempts, 1s doubling, 20% jitter: the last attempt 511-613 s after the first
   */
  readonly retryStrategy?: Backoff;
  /**
   * Paces the trigger: at most `requestsPerUnit` Workflows per unit on average, later events waiting their turn (none
   * is dropped) and a burst allowed after a quiet spell. Not a cap on runs; see docs/events.md. @default - no pacing
   */
  readonly rateLimit?: RateLimit;
  /** Labels of the created Workflows (and of its dead letters). @default - none (Argo Events adds its sensor/trigger labels) */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The event's identity (an oslo `message_id`, a Nautobot `request_id`...): the Workflow is named
   * `<template>-<runKey>` and a redelivered event creates no second one. The trigger is then a `patch`, which
   * creates the Workflow when the name is new and otherwise merge-patches it with the same fields, a no-op that
   * succeeds, so the duplicate is acked as done instead of retried into a dead letter (see `runOnce` below). The
   * value must be a DNS label short enough for a 63-character name: filter the event so it is, or hash it with a
   * template (`{{ .Input.body.key | sha256sum | trunc 20 }}`).
   * @default - `generateName`: every event, redelivered or not, is a new Workflow
   */
  readonly runKey?: ParameterValue;
}

/** Rides out a control-plane restart or upgrade: 10 attempts over 511 s (8.5 minutes) at least. */
export const DEFAULT_TRIGGER_RETRY: Backoff = { duration: '1s', factor: 2, jitter: 0.2, steps: 10 };
/** The shortest retry span a trigger may have: an API outage of a few minutes must not lose events. */
export const MIN_RETRY_SPAN_SECONDS = 300;
const WORKFLOWS = { apiGroup: 'argoproj.io', resource: 'workflows' } as const;
/** Longest Workflow name: Argo puts it in the `workflows.argoproj.io/workflow` label of every pod. */
export const MAX_WORKFLOW_NAME = 63;
/** The whole (transformed) event data as JSON text; sprig's toJson (pkg/sensors/triggers/params.go getValueWithTemplate). */
const WHOLE_EVENT = '{{ toJson .Input }}';

/**
 * Creates a Workflow from a WorkflowTemplate through the `k8s` trigger: an inline Workflow with `generateName`,
 * `workflowTemplateRef` and `arguments`. Parameters are given by name; the trigger computes each `dest` index and
 * checks at synth that the names exist in the template and every required one is set. Binding it grants the
 * Sensor's ServiceAccount `create` on `workflows` (argoproj.io) in its namespace (where the template must live),
 * and nothing else: the dead-letter trigger creates a Workflow too.
 *
 * Delivery (Argo Events v1.9.11 with the JetStream EventBus): the trigger is `atLeastOnce`, so the Sensor handles
 * the event synchronously and retries a failed create per `retryStrategy` (pkg/sensors/listener.go). The EventBus
 * message is acked once that handling ends, whether the Workflow was created, the retries were spent, or the
 * dead-letter trigger ran (pkg/eventbus/jetstream/sensor/trigger_conn.go processMsg); an event is never acked before
 * its trigger has run. Events of one trigger are handled one at a time, so while it retries, the next wait.
 */
export class WorkflowTrigger implements ITrigger {
  readonly name: string;
  private readonly props: WorkflowTriggerProps;

  constructor(props: WorkflowTriggerProps) {
    this.props = props;
    this.name = props.name ?? props.template.templateName;
  }

  bind(sensor: ISensor): BoundTrigger {
    // `patch` reads the Workflow first and creates it when it is missing (standard-k8s.go `Execute`).
    sensor.grant(WORKFLOWS.apiGroup, WORKFLOWS.resource, this.props.runKey ? ['create', 'get', 'patch'] : ['create']);
    return {
      name: this.name,
      render: () => this.render(sensor),
      problems: () => this.problems(sensor),
    };
  }

  private get retry(): Backoff {
    return this.props.retryStrategy ?? DEFAULT_TRIGGER_RETRY;
  }

  private get deadLetterName(): string {
    return `${this.name}-dead-letter`;
  }

  private render(sensor: ISensor): Trigger {
    const { template, parameters, labels } = this.props;
    return {
      template: {
        name: this.name,
        k8s: createWorkflow(
          template,
          parameters,
          { ...(labels ? { labels: { ...labels } } : {}) },
          this.props.runKey,
          this.eventDependency(sensor),
        ),
      },
      atLeastOnce: true,
      retryStrategy: this.retry,
      ...(this.props.rateLimit ? { rateLimit: this.props.rateLimit } : {}),
      dlqTrigger: {
        template: { name: this.deadLetterName, k8s: this.renderDeadLetter(sensor) },
        atLeastOnce: true,
        retryStrategy: this.retry,
      },
    };
  }

  /** A dead-letter Workflow: who gave up on what, and the event data the trigger read. */
  private renderDeadLetter(sensor: ISensor): StandardK8STrigger {
    const dependency = this.eventDependency(sensor);
    return createWorkflow(this.props.deadLetter, this.deadLetterValues(sensor, dependency), {
      labels: { ...this.props.labels, [DEAD_LETTER_LABEL]: sensor.name },
      annotations: {
        'workflows.argoproj.io/title': `Dead letter: Sensor ${sensor.name} could not create a Workflow of ${this.props.template.templateName}`,
      },
    });
  }

  private deadLetterValues(sensor: ISensor, dependency: DependencyRef | undefined): Record<string, ParameterValue> {
    return {
      sensor: Param.constant(sensor.name),
      trigger: Param.constant(this.name),
      workflowTemplate: Param.constant(this.props.template.templateName),
      event: dependency ? Param.fromTemplate(dependency, WHOLE_EVENT) : Param.constant(''),
    };
  }

  /** The dependency whose event the dead letter carries: the one the parameters read, else the Sensor's first. */
  private eventDependency(sensor: ISensor): DependencyRef | undefined {
    const read = Object.values(this.props.parameters).find((value) => value.kind === 'event');
    return read?.kind === 'event' ? read.dependency : sensor.dependencies[0];
  }

  private problems(sensor: ISensor): string[] {
    const { template, parameters, deadLetter } = this.props;
    const at = `Sensor ${sensor.name}: trigger ${this.name}`;
    const known = new Map(template.parameters.map((parameter) => [parameter.name, parameter]));
    const errors = [
      ...checkDnsLabel(`${at}: template.name`, this.name),
      ...checkDnsLabel(`${at}: dlqTrigger.template.name`, this.deadLetterName),
    ];
    for (const [role, workflowTemplate] of [
      ['WorkflowTemplate', template],
      ['dead-letter WorkflowTemplate', deadLetter],
    ] as const) {
      if (workflowTemplate.namespace !== sensor.namespace) {
        errors.push(
          problem(
            `${at}: ${role} ${workflowTemplate.templateName} namespace`,
            `must be the Sensor's namespace "${sensor.namespace}" (its ServiceAccount may only create Workflows there)`,
            workflowTemplate.namespace,
          ),
        );
      }
    }
    errors.push(...argumentProblems(template, givenValues(parameters), (name) => `${at}: parameters.${name}`));
    errors.push(
      ...argumentProblems(
        deadLetter,
        givenValues(this.deadLetterValues(sensor, undefined)),
        (name) => `${at}: dlqTrigger parameters.${name}`,
      ),
    );
    for (const [name, value] of Object.entries(parameters)) {
      if (value.kind === 'event' && known.has(name)) {
        errors.push(...eventValueProblems(`${at}: parameters.${name}`, value, sensor));
      }
    }
    // Both Workflows it creates must pass a controller with `templateReferencing: Strict`.
    const rendered = this.render(sensor);
    for (const [field, trigger] of [
      ['k8s', rendered.template.k8s],
      ['dlqTrigger.template.k8s', rendered.dlqTrigger?.template.k8s],
    ] as const) {
      const spec = (trigger?.source?.resource as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
      errors.push(...templateReferencingProblems(spec, `${at}: ${field}.source.resource.spec`));
    }
    const { runKey } = this.props;
    const keyLength = runKey?.kind === 'event' ? runKeyLength(runKey) : undefined;
    if (runKey && keyLength === undefined) {
      errors.push(
        problem(
          `${at}: runKey`,
          'must be a value at a path of the event (the event identity) or a template ending in "| trunc <n>"',
          runKey,
        ),
      );
    } else if (runKey?.kind === 'event' && keyLength !== undefined) {
      errors.push(...eventValueProblems(`${at}: runKey`, runKey, sensor));
      if (`${template.templateName}-`.length + keyLength > MAX_WORKFLOW_NAME) {
        errors.push(
          problem(
            `${at}: runKey`,
            `names Workflows "${template.templateName}-<key>", too long for a ${keyLength}-character key (at most ${MAX_WORKFLOW_NAME} characters)`,
            runKey.dataKey ?? runKey.dataTemplate,
          ),
        );
      }
    }
    errors.push(...backoffProblems(`${at}: retryStrategy`, this.retry, MIN_RETRY_SPAN_SECONDS));
    const rate = this.props.rateLimit;
    if (rate && !(Number.isInteger(rate.requestsPerUnit) && rate.requestsPerUnit >= 1)) {
      errors.push(
        problem(`${at}: rateLimit.requestsPerUnit`, 'must be an integer of at least 1', rate.requestsPerUnit),
      );
    }
    return errors;
  }
}

/**
 * The longest a run key may be: a UUID at a path, or what a template's final sprig `trunc <n>` keeps (a hash, e.g.
 * `{{ .Input.body.key | sha256sum | trunc 20 }}`).
 */
function runKeyLength(runKey: Extract<ParameterValue, { kind: 'event' }>): number | undefined {
  if (runKey.dataKey !== undefined) return 36;
  const trunc = runKey.dataTemplate?.match(/\|\s*trunc\s+(\d+)\s*\}\}$/);
  return trunc ? Number(trunc[1]) : undefined;
}

/** Each parameter name with its fixed value, or undefined when it comes from the event at run time. */
function givenValues(values: Readonly<Record<string, ParameterValue>>): Map<string, string | undefined> {
  return new Map(
    Object.entries(values).map(([name, value]) => [name, value.kind === 'constant' ? value.value : undefined]),
  );
}

/**
 * The `k8s` create of a Workflow of `template`: `arguments.parameters` in template order (their positions are the
 * `dest` indexes), constants written inline, event values as trigger parameters.
 *
 * With a `runKey`, the Workflow is named `<template>-<runKey>` and created with `operation: patch`. Argo Events
 * v1.9.11 (pkg/sensors/triggers/standard-k8s/standard-k8s.go `Execute`): `create` returns the API server's
 * AlreadyExists as an error, which pkg/sensors/listener.go retries per `retryStrategy` and then hands to the
 * `dlqTrigger`; `patch` GETs the object, creates it when NotFound, and otherwise sends the resource as a merge patch.
 * A redelivered event renders the same Workflow (same name, labels, arguments), so that patch changes nothing and
 * succeeds: the event is acked as done. `update` is not used: it PUTs a merged copy and races the controller's
 * own writes (409 Conflict, retried).
 */
function createWorkflow(
  template: IWorkflowTemplate,
  values: Readonly<Record<string, ParameterValue>>,
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> },
  runKey?: ParameterValue,
  why?: DependencyRef,
): StandardK8STrigger {
  const set = template.parameters
    .filter((parameter) => values[parameter.name] !== undefined)
    .map((parameter) => ({ name: parameter.name, value: values[parameter.name]! }));
  const parameters: TriggerParameter[] = set.flatMap(({ value }, index) =>
    value.kind === 'event' ? [{ src: eventSource(value), dest: `spec.arguments.parameters.${index}.value` }] : [],
  );
  if (runKey?.kind === 'event') {
    parameters.push({ src: eventSource(runKey), dest: 'metadata.name', operation: 'append' });
  }
  const annotations = { ...metadata.annotations };
  if (why) {
    // The constant part; the trigger appends the identity.
    annotations[EVENT_ANNOTATION] = `${why.event.eventSourceName}/${why.event.eventName} `;
    parameters.push({ src: eventIdentity(why, runKey), dest: EVENT_ANNOTATION_DEST, operation: 'append' });
  }
  const name = runKey ? { name: `${template.templateName}-` } : { generateName: `${template.templateName}-` };
  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      ...name,
      namespace: template.namespace,
      ...metadata,
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      workflowTemplateRef: { name: template.templateName },
      arguments: {
        parameters: set.map(({ name, value }) => ({ name, value: value.kind === 'constant' ? value.value : '' })),
      },
    },
  };
  return {
    ...(runKey ? { operation: 'patch', patchStrategy: 'application/merge-patch+json' } : { operation: 'create' }),
    source: { resource: workflow },
    ...(parameters.length ? { parameters } : {}),
  };
}

/** sjson path of the event annotation: `\\.` escapes the dots of the key (tidwall/sjson). */
const EVENT_ANNOTATION_DEST = `metadata.annotations.${EVENT_ANNOTATION.replaceAll('.', '\\.')}`;

/**
 * The event's identity for the event annotation: the run key when there is one (a redelivered event then patches
 * in the same value), else the CloudEvent id of the event context (`contextKey: id`; pkg/sensors/triggers/params.go
 * `ResolveParamValue` of Argo Events v1.9.11 reads `contextKey` from the JSON of `event.Context`): a random UUID in
 * hex the EventSource gives each event it publishes (pkg/eventsources/eventing.go).
 */
function eventIdentity(dependency: DependencyRef, runKey?: ParameterValue): TriggerParameter['src'] {
  if (runKey?.kind === 'event') return eventSource(runKey);
  return { dependencyName: dependency.name, contextKey: 'id' };
}

function eventSource(value: Extract<ParameterValue, { kind: 'event' }>): TriggerParameter['src'] {
  return {
    dependencyName: value.dependency.name,
    ...(value.dataKey !== undefined ? { dataKey: value.dataKey } : {}),
    ...(value.dataTemplate !== undefined ? { dataTemplate: value.dataTemplate } : {}),
    ...(value.default !== undefined ? { value: value.default } : {}),
  };
}

function eventValueProblems(
  field: string,
  value: Extract<ParameterValue, { kind: 'event' }>,
  sensor: ISensor,
): string[] {
  const errors: string[] = [];
  if (value.dependency.sensorName !== sensor.name) {
    errors.push(
      problem(
        field,
        `reads dependency ${value.dependency.name} of another Sensor (${value.dependency.sensorName})`,
        value.dependency.name,
      ),
    );
  }
  if ((value.dataKey === undefined) === (value.dataTemplate === undefined)) {
    errors.push(problem(field, 'needs exactly one of dataKey or dataTemplate', value.dataKey ?? value.dataTemplate));
  }
  if (value.dataKey !== undefined && !GJSON_PATH.test(value.dataKey)) {
    errors.push(
      problem(`${field}.dataKey`, 'must be a gjson path such as "body.commonLabels.namespace"', value.dataKey),
    );
  }
  const template = value.dataTemplate;
  if (template !== undefined) {
    const actions = template.match(/\{\{[^}]*\}\}/g) ?? [];
    if (actions.length === 0 || actions.some((action) => /\.\w/.test(action) && !action.includes('.Input'))) {
      errors.push(
        problem(`${field}.dataTemplate`, 'must read the event at .Input, e.g. "{{ .Input.body.x }}"', template),
      );
    }
  }
  return errors;
}
