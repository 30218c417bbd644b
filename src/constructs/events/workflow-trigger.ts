import { checkDnsLabel, GJSON_PATH, problem } from '../validation.js';
import { argumentProblems, type IWorkflowTemplate, templateReferencingProblems } from '../workflow-template-ref.js';
import type { ParameterValue } from './parameters.js';
import type { Backoff, RateLimit, Trigger, TriggerParameter } from './types.js';

/** What a trigger needs from the Sensor it is added to. */
export interface ISensor {
  readonly name: string;
  readonly namespace: string;
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
   * Ack the EventBus message only after the Workflow is created. Without it failures are neither retried nor sent
   * to the dead-letter trigger.
   * @default true
   */
  readonly atLeastOnce?: boolean;
  /**
   * Retries of a failed create (API server unavailable, admission refusal...).
   * @default 5 attempts, 2s doubling, 20% jitter
   */
  readonly retryStrategy?: Backoff;
  /** At most this many Workflows per unit of time. @default - no limit */
  readonly rateLimit?: RateLimit;
  /** Runs with the same events when every retry failed; needs `atLeastOnce` on both. @default - none */
  readonly deadLetter?: ITrigger;
  /** Labels of the created Workflows. @default - none (Argo Events adds its sensor/trigger labels) */
  readonly labels?: Readonly<Record<string, string>>;
}

const DEFAULT_RETRY: Backoff = { steps: 5, duration: '2s', factor: 2, jitter: 0.2 };
const WORKFLOWS = { apiGroup: 'argoproj.io', resource: 'workflows' } as const;

/**
 * Creates a Workflow from a WorkflowTemplate through the `k8s` trigger: an inline Workflow with `generateName`,
 * `workflowTemplateRef` and `arguments`. Parameters are given by name; the trigger computes each `dest` index and
 * checks at synth that the names exist in the template and every required one is set. Binding it grants the
 * Sensor's ServiceAccount `create` on `workflows` (argoproj.io) in its namespace (where the template must live),
 * and nothing else.
 */
export class WorkflowTrigger implements ITrigger {
  readonly name: string;
  private readonly props: WorkflowTriggerProps;

  constructor(props: WorkflowTriggerProps) {
    this.props = props;
    this.name = props.name ?? props.template.templateName;
  }

  bind(sensor: ISensor): BoundTrigger {
    sensor.grant(WORKFLOWS.apiGroup, WORKFLOWS.resource, ['create']);
    const deadLetter = this.props.deadLetter?.bind(sensor);
    return {
      name: this.name,
      render: () => this.render(deadLetter),
      problems: () => [...this.problems(sensor), ...(deadLetter ? this.deadLetterProblems(sensor, deadLetter) : [])],
    };
  }

  /** The template's parameters that this trigger sets, in template order: their positions are the `dest` indexes. */
  private setParameters(): { name: string; value: ParameterValue }[] {
    return this.props.template.parameters
      .filter((parameter) => this.props.parameters[parameter.name] !== undefined)
      .map((parameter) => ({ name: parameter.name, value: this.props.parameters[parameter.name]! }));
  }

  private render(deadLetter?: BoundTrigger): Trigger {
    const set = this.setParameters();
    const parameters: TriggerParameter[] = set.flatMap(({ value }, index) =>
      value.kind === 'event'
        ? [
            {
              src: {
                dependencyName: value.dependency.name,
                ...(value.dataKey !== undefined ? { dataKey: value.dataKey } : {}),
                ...(value.dataTemplate !== undefined ? { dataTemplate: value.dataTemplate } : {}),
                ...(value.default !== undefined ? { value: value.default } : {}),
              },
              dest: `spec.arguments.parameters.${index}.value`,
            },
          ]
        : [],
    );
    const workflow = this.workflow(set);
    return {
      template: {
        name: this.name,
        k8s: { operation: 'create', source: { resource: workflow }, ...(parameters.length ? { parameters } : {}) },
      },
      atLeastOnce: this.props.atLeastOnce ?? true,
      retryStrategy: this.props.retryStrategy ?? DEFAULT_RETRY,
      ...(this.props.rateLimit ? { rateLimit: this.props.rateLimit } : {}),
      ...(deadLetter ? { dlqTrigger: deadLetter.render() } : {}),
    };
  }

  /**
   * The Workflow the trigger creates: only `workflowTemplateRef` and `arguments` in its spec, so it passes a controller
   * with `templateReferencing: Strict`; everything else comes from the template.
   */
  private workflow(set: { name: string; value: ParameterValue }[]) {
    const { template } = this.props;
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: `${template.templateName}-`,
        namespace: template.namespace,
        ...(this.props.labels ? { labels: { ...this.props.labels } } : {}),
      },
      spec: {
        workflowTemplateRef: { name: template.templateName },
        arguments: {
          parameters: set.map(({ name, value }) => ({ name, value: value.kind === 'constant' ? value.value : '' })),
        },
      },
    };
  }

  private problems(sensor: ISensor): string[] {
    const { template, parameters } = this.props;
    const at = `Sensor ${sensor.name}: trigger ${this.name}`;
    const known = new Map(template.parameters.map((parameter) => [parameter.name, parameter]));
    const errors = checkDnsLabel(`${at}: template.name`, this.name);
    if (template.namespace !== sensor.namespace) {
      errors.push(
        problem(
          `${at}: WorkflowTemplate ${template.templateName} namespace`,
          `must be the Sensor's namespace "${sensor.namespace}" (its ServiceAccount may only create Workflows there)`,
          template.namespace,
        ),
      );
    }
    const given = new Map(
      Object.entries(parameters).map(([name, value]) => [name, value.kind === 'constant' ? value.value : undefined]),
    );
    errors.push(...argumentProblems(template, given, (name) => `${at}: parameters.${name}`));
    errors.push(
      ...templateReferencingProblems(this.workflow(this.setParameters()).spec, `${at}: k8s.source.resource.spec`),
    );
    for (const [name, value] of Object.entries(parameters)) {
      if (value.kind === 'event' && known.has(name)) {
        errors.push(...eventValueProblems(`${at}: parameters.${name}`, value, sensor));
      }
    }
    const retry = this.props.retryStrategy;
    if (retry && !(Number.isInteger(retry.steps) && retry.steps! >= 1)) {
      errors.push(problem(`${at}: retryStrategy.steps`, 'must be an integer of at least 1', retry.steps));
    }
    const rate = this.props.rateLimit;
    if (rate && !(Number.isInteger(rate.requestsPerUnit) && rate.requestsPerUnit >= 1)) {
      errors.push(
        problem(`${at}: rateLimit.requestsPerUnit`, 'must be an integer of at least 1', rate.requestsPerUnit),
      );
    }
    return errors;
  }

  private deadLetterProblems(sensor: ISensor, deadLetter: BoundTrigger): string[] {
    const at = `Sensor ${sensor.name}: trigger ${this.name}`;
    const rendered = deadLetter.render();
    const errors = deadLetter.problems();
    if (!(this.props.atLeastOnce ?? true)) {
      errors.push(problem(`${at}: atLeastOnce`, 'must be true with a dlqTrigger (upstream runs it only then)', false));
    }
    if (!rendered.atLeastOnce) {
      errors.push(
        problem(`${at}: dlqTrigger.atLeastOnce`, 'must be true (upstream runs a dlqTrigger only then)', false),
      );
    }
    if (rendered.dlqTrigger)
      errors.push(
        problem(
          `${at}: dlqTrigger.dlqTrigger`,
          'a dead-letter trigger has none of its own',
          rendered.dlqTrigger.template.name,
        ),
      );
    return errors;
  }
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
