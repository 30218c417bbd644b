import type { RouteValue } from '../constructs/events/alert-routing.js';
import { problem } from '../constructs/validation.js';
import type { AutomationEvent } from './automation.js';
import type { Runbook } from './runbook.js';

export type { RouteValue };

/**
 * Alert routes: which firing Alertmanager alert runs which WorkflowTemplate. Every route of the catalog is served by
 * one Sensor (`alert-routes`) and one fan-out WorkflowTemplate (`opsflow-alert-fan-out`): each notification becomes
 * one fan-out Workflow, which starts one child Workflow per firing alert and matching route (docs/automations.md).
 */

/** A Kubernetes object name as alert labels carry it (namespace, Deployment, cluster...): a DNS subdomain. */
export const OBJECT_NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';

/** The alert's label `label`, which must wholly match `pattern` (RE2; default: an object name). */
export const fromLabel = (label: string, pattern: string = OBJECT_NAME): RouteValue => ({
  from: 'label',
  label,
  pattern,
});
export const fixed = (value: string | number | boolean): RouteValue => ({ from: 'constant', value: String(value) });

export interface AlertRoute {
  /** RFC 1123 label; the `opsflow.io/alert-route` label of the Workflows it starts. */
  readonly name: string;
  /** Why the route exists and what it does, for people reading the catalog. */
  readonly description: string;
  /** The alert's `alertname` label, exactly. */
  readonly alertname: string;
  /** Further conditions: label name to an RE2 pattern its whole value must match. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The WorkflowTemplate to run (an action, a composite, a runbook): any template of the catalog. */
  readonly template: string;
  /** Values of the template's parameters, by name; every required one must be set (checked at synth). */
  readonly parameters: Readonly<Record<string, RouteValue>>;
}

/** Identity helper for declaring a route. */
export function defineAlertRoute(route: AlertRoute): AlertRoute {
  return route;
}

/** The catalog's alert routes and the Alertmanager webhook event they listen to. */
export interface AlertRoutes {
  readonly on: AutomationEvent;
  readonly routes: readonly AlertRoute[];
}

/**
 * A route to a runbook keeps the runbook's interface (src/catalog/runbook.ts): the runbook's `alertname`, and each
 * of its `alert.labels` from the alert's label of the same name.
 */
export function runbookRouteProblems(route: AlertRoute, runbook: Runbook): string[] {
  const at = `alert route ${route.name}`;
  const errors: string[] = [];
  if (route.alertname !== runbook.alert.name)
    errors.push(
      problem(
        `${at}: alertname`,
        `must be ${runbook.alert.name}, the alert runbook ${runbook.name} handles`,
        route.alertname,
      ),
    );
  for (const label of runbook.alert.labels) {
    const value = route.parameters[label];
    if (value && (value.from !== 'label' || value.label !== label))
      errors.push(
        problem(
          `${at}: parameters.${label}`,
          `must be the alert's label ${label} (fromLabel('${label}', ...)), as runbook ${runbook.name} expects`,
          value.from === 'label' ? `label ${value.label}` : value.value,
        ),
      );
  }
  return errors;
}
