import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { WorkloadServiceAccount } from '../platform/service-account.js';
import { checkDnsLabel, problem } from '../validation.js';
import type { EventReference } from './event-source.js';
import type { Filter } from './filters.js';
import { type DependencyRef, type EventValueOptions, Param, type ParameterValue } from './parameters.js';
import { securePodTemplate } from './pod.js';
import type { Transform } from './transform.js';
import { ARGO_EVENTS_API_VERSION, type EventDependency, type SensorSpec } from './types.js';
import type { BoundTrigger, ISensor, ITrigger } from './workflow-trigger.js';

export interface SensorProps {
  /** metadata.name; the ServiceAccount is `<name>-sensor`. */
  readonly name: string;
  /**
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The EventBus the Sensor listens on; its dependencies' EventSources must publish there.
   * @default 'default'
   */
  readonly eventBusName?: string;
}

export interface DependencyOptions {
  /** The event, from `source.event(name)`. */
  readonly event: EventReference;
  /** Conditions on the event data, ANDed unless `filtersOperator` is `or`. @default - every event passes */
  readonly filters?: readonly Filter[];
  /** @default 'and' */
  readonly filtersOperator?: 'and' | 'or';
  /** Rewrites the event data before filters and parameters read it. @default - none */
  readonly transform?: Transform;
}

/** A dependency of a Sensor; trigger parameters read its (transformed) event data. */
export class Dependency implements DependencyRef {
  constructor(
    readonly sensorName: string,
    readonly name: string,
    readonly event: EventReference,
    readonly options: DependencyOptions,
  ) {}

  /** The value at `dataKey` (gjson path) of this dependency's event data. */
  value(dataKey: string, options?: EventValueOptions): ParameterValue {
    return Param.fromEvent(this, dataKey, options);
  }

  /** A Go template over this dependency's event data, read at `.Input`. */
  template(dataTemplate: string, options?: EventValueOptions): ParameterValue {
    return Param.fromTemplate(this, dataTemplate, options);
  }
}

/**
 * An Argo Events Sensor with its own ServiceAccount (`<name>-sensor`, set in `spec.template.serviceAccountName`).
 * Dependencies and triggers are added with `addDependency()` / `addTrigger()`; triggers grant the ServiceAccount
 * exactly what they need when bound. Synth reports every wiring problem at once.
 */
export class Sensor extends Construct implements ISensor {
  readonly name: string;
  readonly namespace: string;
  readonly eventBusName: string;
  readonly serviceAccount: WorkloadServiceAccount;
  private readonly added: Dependency[] = [];
  private readonly triggers: BoundTrigger[] = [];
  private readonly grants = new Set<string>();

  constructor(scope: Construct, id: string, props: SensorProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? '';
    this.eventBusName = props.eventBusName ?? 'default';
    this.serviceAccount = new WorkloadServiceAccount(this, 'ServiceAccount', { name: `${this.name}-sensor` });

    new ApiObject(this, 'Resource', {
      apiVersion: ARGO_EVENTS_API_VERSION,
      kind: 'Sensor',
      metadata: { name: this.name, namespace: this.namespace },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.node.addValidation({ validate: () => this.validate() });
  }

  addDependency(name: string, options: DependencyOptions): Dependency {
    const dependency = new Dependency(this.name, name, options.event, options);
    this.added.push(dependency);
    return dependency;
  }

  /** The dependencies, in the order they were added. */
  get dependencies(): readonly Dependency[] {
    return this.added;
  }

  addTrigger(trigger: ITrigger): void {
    this.triggers.push(trigger.bind(this));
  }

  grant(apiGroup: string, resource: string, verbs: readonly string[]): void {
    const key = JSON.stringify([apiGroup, resource, verbs]);
    if (this.grants.has(key)) return;
    this.grants.add(key);
    this.serviceAccount.grant({ apiGroups: [apiGroup], resources: [resource], verbs: [...verbs] });
  }

  private renderSpec(): SensorSpec {
    return {
      eventBusName: this.eventBusName,
      template: { ...securePodTemplate(), serviceAccountName: this.serviceAccount.name },
      dependencies: this.dependencies.map(renderDependency),
      triggers: this.triggers.map((trigger) => trigger.render()),
    };
  }

  private validate(): string[] {
    const at = `Sensor ${this.name}`;
    const errors = checkDnsLabel(`${at}: metadata.name`, this.name);
    if (!this.namespace)
      errors.push(problem(`${at}: metadata.namespace`, 'must be set (no chart namespace)', this.namespace));
    if (this.dependencies.length === 0)
      errors.push(problem(`${at}: spec.dependencies`, 'needs at least one dependency', []));
    if (this.triggers.length === 0) errors.push(problem(`${at}: spec.triggers`, 'needs at least one trigger', []));
    errors.push(
      ...duplicates(
        `${at}: spec.dependencies[].name`,
        this.dependencies.map((d) => d.name),
      ),
    );
    errors.push(
      ...duplicates(
        `${at}: spec.triggers[].template.name`,
        this.triggers.map((t) => t.name),
      ),
    );
    this.dependencies.forEach((dependency, i) => {
      const field = `${at}: spec.dependencies.${i}`;
      errors.push(...checkDnsLabel(`${field}.name`, dependency.name));
      if (dependency.event.eventBusName !== this.eventBusName) {
        errors.push(
          problem(
            `${field}.eventSourceName`,
            `publishes on EventBus "${dependency.event.eventBusName}" but the Sensor listens on "${this.eventBusName}"`,
            dependency.event.eventSourceName,
          ),
        );
      }
      (dependency.options.filters ?? []).forEach((filter, j) => {
        errors.push(...filter.problems(`${field}.filters.data.${j}`));
      });
      if (dependency.options.transform) errors.push(...dependency.options.transform.problems(`${field}.transform`));
    });
    for (const trigger of this.triggers) errors.push(...trigger.problems());
    return errors;
  }
}

function renderDependency(dependency: Dependency): EventDependency {
  const { filters, filtersOperator, transform } = dependency.options;
  return {
    name: dependency.name,
    eventSourceName: dependency.event.eventSourceName,
    eventName: dependency.event.eventName,
    ...(filters?.length
      ? {
          filters: {
            data: filters.map((filter) => filter.spec),
            ...(filtersOperator === 'or' ? { dataLogicalOperator: 'or' as const } : {}),
          },
        }
      : {}),
    ...(transform ? { transform: { jq: transform.jq } } : {}),
  };
}

function duplicates(field: string, names: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set(names.filter((name) => seen.size === seen.add(name).size));
  return [...twice].map((name) => problem(field, 'must be unique', name));
}
