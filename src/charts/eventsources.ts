import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { EventSourceDefinition } from '../catalog/automation.js';
import type { SiteConfig } from '../catalog/site.js';
import { EventBus, type EventSource } from '../constructs/events/index.js';

export interface EventSourcesChartProps {
  readonly site: SiteConfig;
  readonly sources: readonly EventSourceDefinition[];
}

/**
 * eventsources/: the catalog's EventSources, plus the JetStream EventBus they publish on (written to
 * charts/platform/ like every supporting object).
 */
export class EventSourcesChart extends Chart {
  readonly eventBus: EventBus;
  /** The EventSources by name, for the Sensors chart to reference their events. */
  readonly sources: ReadonlyMap<string, EventSource<string, unknown>>;

  constructor(scope: Construct, id: string, props: EventSourcesChartProps) {
    super(scope, id, { namespace: props.site.namespace });
    this.eventBus = new EventBus(this, 'eventbus', {
      namespace: props.site.namespace,
      version: props.site.eventBus.jetstreamVersion,
      replicas: props.site.eventBus.replicas,
    });
    const sources = new Map<string, EventSource<string, unknown>>();
    for (const definition of props.sources) {
      const source = definition.create(this, props.site);
      if (source.name !== definition.name || sources.has(source.name)) {
        throw new Error(
          `event source definition "${definition.name}" built EventSource "${source.name}": names must match and be unique`,
        );
      }
      sources.set(source.name, source);
    }
    this.sources = sources;
  }
}
