/**
 * The Kubernetes kinds opsflow acts on, where each lives in the REST API, and the parts of their JSON the steps
 * read. Objects stay plain JSON (as the API server sends them) rather than client-node's generated classes, so what
 * a step sends is exactly what the tests see on the wire.
 */
export const KINDS = {
  Pod: { apiVersion: 'v1', plural: 'pods' },
  Event: { apiVersion: 'v1', plural: 'events' },
  ReplicaSet: { apiVersion: 'apps/v1', plural: 'replicasets' },
  Deployment: { apiVersion: 'apps/v1', plural: 'deployments' },
  StatefulSet: { apiVersion: 'apps/v1', plural: 'statefulsets' },
  DaemonSet: { apiVersion: 'apps/v1', plural: 'daemonsets' },
  Job: { apiVersion: 'batch/v1', plural: 'jobs' },
  CronJob: { apiVersion: 'batch/v1', plural: 'cronjobs' },
} as const;
export type Kind = keyof typeof KINDS;

/** `/api/v1/namespaces/ns/pods[/name]` or `/apis/apps/v1/namespaces/ns/deployments[/name]`. */
export function objectPath(kind: Kind, namespace: string, name?: string): string {
  const { apiVersion, plural } = KINDS[kind];
  const root = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
  const collection = `${root}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
  return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

/** Deployment, StatefulSet and DaemonSet: the fields `kubectl rollout status` reads. */
export interface Workload extends KubeObject {
  spec: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: Condition[];
  };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface Container {
  name: string;
}

export interface Pod extends KubeObject {
  spec: { containers: Container[]; initContainers?: Container[] };
  status?: { phase?: string };
}

export interface Job extends KubeObject {
  spec: Record<string, unknown>;
  status?: { active?: number; succeeded?: number; failed?: number; conditions?: Condition[] };
}

export interface CronJob extends KubeObject {
  spec: {
    jobTemplate: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: Record<string, unknown>;
    };
  };
}

export interface List<T> {
  metadata: { continue?: string; resourceVersion?: string };
  items: T[];
}

/** The controller that owns an object (`ownerReferences[].controller: true`), if any. */
export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}
