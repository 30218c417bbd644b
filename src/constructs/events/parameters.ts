import type { EventReference } from './event-source.js';

/** A Sensor dependency: one event, filtered and transformed. Trigger parameters read its data. */
export interface DependencyRef {
  readonly name: string;
  readonly sensorName: string;
  readonly event: EventReference;
}

/** Where a Workflow parameter's value comes from: the event data, or a constant fixed at synth. */
export type ParameterValue =
  | {
      readonly kind: 'event';
      readonly dependency: DependencyRef;
      /** gjson path into the (transformed) event data, e.g. `body.commonLabels.namespace`. */
      readonly dataKey?: string;
      /** Go template over the event data at `.Input`, e.g. `{{ .Input.body.alerts.0.labels.pod | lower }}`. */
      readonly dataTemplate?: string;
      /** Used when the key or template resolves to nothing. @default - none: the trigger fails and is retried */
      readonly default?: string;
    }
  | { readonly kind: 'constant'; readonly value: string };

export interface EventValueOptions {
  /** Value used when the event does not carry the key. @default - none: the trigger fails */
  readonly default?: string;
}

/** Values for Workflow parameters. */
export class Param {
  /** The value at `dataKey` (a gjson path) of the dependency's event data. */
  static fromEvent(dependency: DependencyRef, dataKey: string, options: EventValueOptions = {}): ParameterValue {
    return { kind: 'event', dependency, dataKey, ...options };
  }

  /** A Go template (sprig functions) over the event data, which templates read at `.Input`. */
  static fromTemplate(
    dependency: DependencyRef,
    dataTemplate: string,
    options: EventValueOptions = {},
  ): ParameterValue {
    return { kind: 'event', dependency, dataTemplate, ...options };
  }

  /** A value fixed at synth; Argo parameters are strings, so numbers and booleans are written as text. */
  static constant(value: string | number | boolean): ParameterValue {
    return { kind: 'constant', value: String(value) };
  }
}
