import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { EventSource, Filter, Transform, v1alpha1 } from '../constructs/events/index.js';
import type { InputObject } from '../steps/runtime/step.js';
import type { Action } from './action.js';
import type { CompositeAction } from './composite.js';
import type { SiteConfig } from './site.js';

/**
 * An EventSource of the catalog. `create` builds it for a site (endpoints and secret names come from the site
 * config); `Events` is the union of its event names, so automations can only name events it declares.
 */
/** Label on every Workflow an automation creates, so `argo list -l opsflow.io/automation=<name>` finds its runs. */
export const AUTOMATION_LABEL = 'opsflow.io/automation';

export interface EventSourceDefinition<Events extends string = string> {
  /** metadata.name of the EventSource. */
  readonly name: string;
  readonly create: (scope: Construct, site: SiteConfig) => EventSource<Events, unknown>;
}

/** One event of a catalog EventSource; build it with `on(source, 'event')`. */
export interface AutomationEvent {
  readonly source: EventSourceDefinition;
  readonly event: string;
}

export function on<Events extends string>(
  source: EventSourceDefinition<Events>,
  event: NoInfer<Events>,
): AutomationEvent {
  return { source: source as EventSourceDefinition, event };
}

/** Where the value of one action parameter comes from. */
export type ValueSource =
  /** The value at a gjson path of the event data, e.g. `body.commonLabels.namespace`. */
  | { readonly from: 'event'; readonly path: string; readonly default?: string }
  /** A Go template over the event data, read at `.Input`, e.g. `{{ .Input.body.groupKey | sha1sum }}`. */
  | { readonly from: 'template'; readonly template: string; readonly default?: string }
  /** A value fixed in the catalog. */
  | { readonly from: 'constant'; readonly value: string | number | boolean };

export const fromEvent = (path: string, options: { default?: string } = {}): ValueSource => ({
  from: 'event',
  path,
  ...options,
});
export const fromTemplate = (template: string, options: { default?: string } = {}): ValueSource => ({
  from: 'template',
  template,
  ...options,
});
export const constant = (value: string | number | boolean): ValueSource => ({ from: 'constant', value });

/**
 * An automation: this event, when it passes these filters, runs that action with parameters mapped by name. It
 * becomes one Sensor (named after the automation) whose trigger creates a Workflow from the action's template.
 */
export interface Automation<Schema extends InputObject = InputObject> {
  /** RFC 1123 label; the Sensor's name and the `opsflow.io/automation` label of the Workflows it creates. */
  readonly name: string;
  /** Why the automation exists and what it does, for people reading the catalog. */
  readonly description: string;
  readonly on: AutomationEvent;
  /**
   * Conditions on the event data, all of which must hold. Build them with `Filter` (anchored by construction); a
   * function builds them for the site (e.g. a status name of its Nautobot).
   */
  readonly filters?: readonly Filter[] | ((site: SiteConfig) => readonly Filter[]);
  /** Rewrites the event data before filters and parameters read it. @default - none */
  readonly transform?: Transform;
  /** The action or composite to run. */
  readonly action: Action<Schema> | CompositeAction<Schema>;
  /** Values of the action's parameters, by the input schema's field names; every required one must be set. */
  readonly parameters: { readonly [Key in keyof z.core.input<Schema>]?: ValueSource };
  /**
   * Paces the Workflows: about `requestsPerUnit` per unit once busy, later events waiting (none dropped), bursts after
   * a quiet spell. It caps nothing: a guard against repeated runs belongs in the action (docs/events.md).
   * @default - no pacing
   */
  readonly rateLimit?: v1alpha1.RateLimit;
  /**
   * gjson path of the event's identity (oslo `body.message_id`, Nautobot `body.request_id`): the Workflow is named
   * `<action>-<identity>`, so a redelivered event creates no second Workflow (docs/events.md "Run once"). Filter
   * the event so the value is a UUID.
   * @default - every event is a new Workflow (`generateName`)
   */
  readonly runKey?: string;
}

/** Identity helper that checks `parameters` against the action's input schema. */
export function defineAutomation<Schema extends InputObject>(automation: Automation<Schema>): Automation<Schema> {
  return automation;
}
