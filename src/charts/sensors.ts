import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { AUTOMATION_LABEL, type Automation, type ValueSource } from '../catalog/automation.js';
import type { SiteConfig } from '../catalog/site.js';
import {
  type Dependency,
  type EventSource,
  Param,
  type ParameterValue,
  Sensor,
  WorkflowTrigger,
} from '../constructs/events/index.js';
import type { IWorkflowTemplate } from '../constructs/workflow-template-ref.js';

export interface SensorsChartProps {
  readonly site: SiteConfig;
  readonly automations: readonly Automation[];
  /** The EventSources by name (`EventSourcesChart.sources`). */
  readonly sources: ReadonlyMap<string, EventSource<string, unknown>>;
  /** The WorkflowTemplates by action name (`WorkflowTemplatesChart.templates`). */
  readonly templates: ReadonlyMap<string, IWorkflowTemplate>;
  /** Where every trigger sends an event it could not deliver (`WorkflowTemplatesChart.deadLetter`). */
  readonly deadLetter: IWorkflowTemplate;
}

/** sensors/: one Sensor per automation, its trigger bound to the action's WorkflowTemplate. */
export class SensorsChart extends Chart {
  readonly sensors: ReadonlyMap<string, Sensor>;

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
    this.node.addValidation({ validate: () => errors });
  }
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
