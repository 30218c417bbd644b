import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { type AlertRoutes, runbookRouteProblems } from '../catalog/alert-route.js';
import { AUTOMATION_LABEL, type Automation, type ValueSource } from '../catalog/automation.js';
import type { Runbook } from '../catalog/runbook.js';
import type { SiteConfig } from '../catalog/site.js';
import {
  ALERT_ROUTES_AUTOMATION,
  alertRouteProblems,
  alertRoutingTransform,
  ROUTING_PATH,
  type RoutedAlert,
  RUN_HASH_LENGTH,
} from '../constructs/events/alert-routing.js';
import {
  type Dependency,
  type EventReference,
  type EventSource,
  Filter,
  MAX_WORKFLOW_NAME,
  Param,
  type ParameterValue,
  Sensor,
  WorkflowTrigger,
} from '../constructs/events/index.js';
import type { IWorkflowTemplate } from '../constructs/workflow-template-ref.js';
import type { AlertFanOutTemplate } from './alert-fan-out.js';

export interface SensorsChartProps {
  readonly site: SiteConfig;
  readonly automations: readonly Automation[];
  /** @default - no alert routes */
  readonly alertRoutes?: AlertRoutes;
  /** The catalog's runbooks, whose interface a route to one must keep. @default - none */
  readonly runbooks?: readonly Runbook[];
  /** The routes' fan-out template (`WorkflowTemplatesChart.alertFanOut`); needed when there are routes. */
  readonly alertFanOut?: AlertFanOutTemplate;
  /** The EventSources by name (`EventSourcesChart.sources`). */
  readonly sources: ReadonlyMap<string, EventSource<string, unknown>>;
  /** The WorkflowTemplates by action name (`WorkflowTemplatesChart.templates`). */
  readonly templates: ReadonlyMap<string, IWorkflowTemplate>;
  /** Where every trigger sends an event it could not deliver (`WorkflowTemplatesChart.deadLetter`). */
  readonly deadLetter: IWorkflowTemplate;
}

/**
 * sensors/: one Sensor per automation, its trigger bound to the action's WorkflowTemplate, and the `alert-routes`
 * Sensor of every alert route.
 */
export class SensorsChart extends Chart {
  readonly sensors: ReadonlyMap<string, Sensor>;
  /** The alert routes with their templates, and the Sensor serving them; absent without routes. */
  readonly alertRoutes?: {
    readonly sensor: Sensor;
    readonly routes: readonly RoutedAlert[];
    readonly fanOut: AlertFanOutTemplate;
  };

  constructor(scope: Construct, id: string, props: SensorsChartProps) {
    super(scope, id, { namespace: props.site.namespace });
    const sensors = new Map<string, Sensor>();
    const errors: string[] = [];
    for (const automation of props.automations) {
      const source = props.sources.get(automation.on.source.name);
      const template = props.templates.get(automation.action.name);
      if (!source)
        errors.push(
          `automation ${automation.name}: EventSource "${automation.on.source.name}" is not in the catalog's event sources`,
        );
      if (!template)
        errors.push(
          `automation ${automation.name}: action "${automation.action.name}" has no WorkflowTemplate (is it in the catalog's actions?)`,
        );
      if (source && template)
        sensors.set(
          automation.name,
          automationSensor(this, props.site, automation, source, template, props.deadLetter),
        );
    }
    this.sensors = sensors;
    const { alertRoutes, alertFanOut } = props;
    if (alertRoutes && alertRoutes.routes.length > 0) {
      const source = props.sources.get(alertRoutes.on.source.name);
      const runbooks = new Map((props.runbooks ?? []).map((runbook) => [runbook.name, runbook]));
      const routes = alertRoutes.routes.flatMap((route): RoutedAlert[] => {
        const runbook = runbooks.get(route.template);
        if (runbook) errors.push(...runbookRouteProblems(route, runbook));
        const template = props.templates.get(route.template);
        if (!template)
          errors.push(
            `alert route ${route.name}: template "${route.template}" is not a WorkflowTemplate of the catalog`,
          );
        return template ? [{ ...route, template }] : [];
      });
      if (!source)
        errors.push(`alert routes: EventSource "${alertRoutes.on.source.name}" is not in the catalog's event sources`);
      if (!alertFanOut)
        errors.push('alert routes: the fan-out template is missing (WorkflowTemplatesChart alertFanOut)');
      if (source && alertFanOut) {
        const sensor = alertRoutesSensor(
          this,
          routes,
          source.event(alertRoutes.on.event),
          source.eventBusName,
          alertFanOut,
          props.deadLetter,
        );
        this.alertRoutes = { sensor, routes, fanOut: alertFanOut };
      }
      errors.push(...alertRouteProblems(routes, MAX_WORKFLOW_NAME - RUN_HASH_LENGTH - 1));
    }
    this.node.addValidation({ validate: () => errors });
  }
}

/**
 * The Sensor of the alert routes: Alertmanager's firing notifications (payload v4) with at least one run, routed by
 * the transform; its trigger creates one fan-out Workflow per notification, named after the notification's key
 * (group key and firing alerts), hashed: a re-sent notification patches that Workflow with what it holds already
 * and starts nothing (WorkflowTrigger `runKey`). Resolved notifications start nothing.
 */
function alertRoutesSensor(
  scope: Construct,
  routes: readonly RoutedAlert[],
  event: EventReference,
  eventBusName: string,
  fanOut: AlertFanOutTemplate,
  deadLetter: IWorkflowTemplate,
): Sensor {
  const sensor = new Sensor(scope, ALERT_ROUTES_AUTOMATION, { name: ALERT_ROUTES_AUTOMATION, eventBusName });
  const notification = sensor.addDependency('event', {
    event,
    transform: alertRoutingTransform(routes),
    filters: [
      Filter.equals('body.version', '4'),
      Filter.equals('body.status', 'firing'),
      Filter.number(`${ROUTING_PATH}.runs.#`, '>', 0),
    ],
  });
  sensor.addTrigger(
    new WorkflowTrigger({
      template: fanOut,
      parameters: {
        runs: notification.value(`${ROUTING_PATH}.runs`),
        groupKey: notification.value('body.groupKey'),
      },
      deadLetter,
      labels: { [AUTOMATION_LABEL]: ALERT_ROUTES_AUTOMATION },
      runKey: notification.template(`{{ .Input.${ROUTING_PATH}.key | sha256sum | trunc ${RUN_HASH_LENGTH} }}`),
    }),
  );
  return sensor;
}

/** The Sensor of one automation: one dependency (`event`) and one trigger running the action. */
export function automationSensor(
  scope: Construct,
  site: SiteConfig,
  automation: Automation,
  source: EventSource<string, unknown>,
  template: IWorkflowTemplate,
  deadLetter: IWorkflowTemplate,
): Sensor {
  const sensor = new Sensor(scope, automation.name, { name: automation.name, eventBusName: source.eventBusName });
  const event = sensor.addDependency('event', {
    event: source.event(automation.on.event),
    filters: typeof automation.filters === 'function' ? automation.filters(site) : automation.filters,
    transform: automation.transform,
  });
  const parameters = Object.fromEntries(
    Object.entries(automation.parameters as Record<string, ValueSource | undefined>).flatMap(([name, value]) =>
      value ? [[name, parameterValue(event, value)]] : [],
    ),
  );
  sensor.addTrigger(
    new WorkflowTrigger({
      template,
      parameters,
      deadLetter,
      labels: { [AUTOMATION_LABEL]: automation.name },
      ...(automation.rateLimit ? { rateLimit: automation.rateLimit } : {}),
      ...(automation.runKey ? { runKey: event.value(automation.runKey) } : {}),
    }),
  );
  return sensor;
}

function parameterValue(event: Dependency, value: ValueSource): ParameterValue {
  switch (value.from) {
    case 'event':
      return event.value(value.path, value.default !== undefined ? { default: value.default } : {});
    case 'template':
      return event.template(value.template, value.default !== undefined ? { default: value.default } : {});
    case 'constant':
      return Param.constant(value.value);
  }
}
