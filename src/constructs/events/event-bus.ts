import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsLabel, problem } from '../validation.js';
import { ARGO_EVENTS_API_VERSION, type EventBusSpec, type JetStreamBus } from './types.js';

export interface EventBusProps {
  readonly namespace: string;
  /**
   * metadata.name; EventSources and Sensors that name no bus use `default`.
   * @default 'default'
   */
  readonly name?: string;
  /** JetStream version from the controller's config (`argo-events-controller-config`), e.g. "2.10.29"; never "latest". */
  readonly version: string;
  /**
   * StatefulSet replicas: 1, or at least 3 for a quorum (the controller rejects 2).
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Persistent volume of the stream; without it events are kept in an emptyDir and lost when a pod moves.
   * @default 10Gi with the cluster's default StorageClass
   */
  readonly persistence?: JetStreamBus['persistence'];
}

/** A pinned version such as 2.10.29 or 2.9.16-alpine; `latest` moves under you. */
const PINNED_VERSION = /^\d+\.\d+\.\d+(-alpine)?$/;

/** The Argo Events EventBus, always JetStream (NATS streaming is deprecated upstream). */
export class EventBus extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly replicas: number;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.name = props.name ?? 'default';
    this.namespace = props.namespace;
    this.version = props.version;
    this.replicas = props.replicas ?? 3;
    const persistence = props.persistence ?? { accessMode: 'ReadWriteOnce', volumeSize: '10Gi' };

    new ApiObject(this, 'Resource', {
      apiVersion: ARGO_EVENTS_API_VERSION,
      kind: 'EventBus',
      metadata: { name: this.name, namespace: this.namespace },
      spec: Lazy.any({
        produce: (): EventBusSpec => ({
          jetstream: { version: this.version, replicas: this.replicas, persistence },
        }),
      }),
    });

    this.node.addValidation({
      validate: () => [
        ...checkDnsLabel(`EventBus ${this.name}: metadata.name`, this.name),
        ...(PINNED_VERSION.test(this.version)
          ? []
          : [
              problem(
                `EventBus ${this.name}: spec.jetstream.version`,
                'must be a pinned JetStream version such as "2.10.29", never "latest"',
                this.version,
              ),
            ]),
        ...(Number.isInteger(this.replicas) && (this.replicas === 1 || this.replicas >= 3)
          ? []
          : [
              problem(
                `EventBus ${this.name}: spec.jetstream.replicas`,
                'must be 1 or at least 3 (JetStream needs a quorum)',
                this.replicas,
              ),
            ]),
      ],
    });
  }
}
