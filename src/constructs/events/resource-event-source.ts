import type { Construct } from 'constructs';
import { WorkloadServiceAccount } from '../platform/service-account.js';
import { problem } from '../validation.js';
import { EventSource, type EventSourceProps, type EventSourceType } from './event-source.js';
import type { ResourceEventType, ResourceEventSource as ResourceSpec, Selector } from './types.js';

export interface ResourceEventOptions {
  /** API group, `''` for the core group (Pods, Nodes, ...). */
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `deployments`, `nodes`. */
  readonly resource: string;
  /** Which changes emit an event. */
  readonly eventTypes: readonly ResourceEventType[];
  /**
   * Watch the resource in every namespace (or a cluster-scoped resource such as `nodes`): grants list/watch through
   * a ClusterRole. Otherwise only the EventSource's own namespace is watched, through a Role.
   * @default false
   */
  readonly clusterWide?: boolean;
  /** Label selectors, ANDed. @default - none */
  readonly labels?: readonly Selector[];
  /** Field selectors, ANDed. @default - none */
  readonly fields?: readonly Selector[];
  /**
   * Skip the ADD events of objects that existed before the source started (otherwise a restart replays them).
   * @default true
   */
  readonly afterStart?: boolean;
}

export interface ResourceEventSourceProps<Events extends string> extends EventSourceProps {
  readonly events: Readonly<Record<Events, ResourceEventOptions>>;
}

/**
 * A Kubernetes resource watch. It runs as its own ServiceAccount (`<name>-eventsource`) allowed to list and watch
 * exactly the watched resources, nothing else.
 */
export class ResourceEventSource<Events extends string> extends EventSource<Events, ResourceEventOptions> {
  readonly type: EventSourceType = 'resource';
  readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: ResourceEventSourceProps<Events>) {
    super(scope, id, props);
    this.serviceAccount = new WorkloadServiceAccount(this, 'ServiceAccount', { name: `${this.name}-eventsource` });
    this.addEvents(props.events);
  }

  protected override get serviceAccountName(): string {
    return this.serviceAccount.name;
  }

  protected override onEventAdded(_name: string, options: ResourceEventOptions): void {
    const rule = { apiGroups: [options.group], resources: [options.resource], verbs: ['list', 'watch'] };
    if (options.clusterWide) this.serviceAccount.grantCluster(rule);
    else this.serviceAccount.grant(rule);
  }

  protected renderEvent(_name: string, options: ResourceEventOptions): ResourceSpec {
    return {
      namespace: options.clusterWide ? '' : this.namespace,
      group: options.group,
      version: options.version,
      resource: options.resource,
      eventTypes: options.eventTypes,
      filter: {
        afterStart: options.afterStart ?? true,
        ...(options.labels?.length ? { labels: options.labels } : {}),
        ...(options.fields?.length ? { fields: options.fields } : {}),
      },
    };
  }

  protected validateEvent(name: string, options: ResourceEventOptions): string[] {
    const errors: string[] = [];
    if (!/^[a-z][a-z0-9]*$/.test(options.resource)) {
      errors.push(
        problem(
          this.field(name, 'resource'),
          'must be a plural lowercase resource such as "deployments"',
          options.resource,
        ),
      );
    }
    if (!/^v\d+((alpha|beta)\d+)?$/.test(options.version)) {
      errors.push(problem(this.field(name, 'version'), 'must be an API version such as "v1"', options.version));
    }
    if (options.group !== '' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.group)) {
      errors.push(
        problem(this.field(name, 'group'), 'must be an API group such as "apps" ("" for core)', options.group),
      );
    }
    if (options.eventTypes.length === 0 || new Set(options.eventTypes).size !== options.eventTypes.length) {
      errors.push(
        problem(this.field(name, 'eventTypes'), 'must list ADD, UPDATE or DELETE, each once', options.eventTypes),
      );
    }
    return errors;
  }
}
