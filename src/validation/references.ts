import { describeObject, type KubeObject } from './kube-object.js';

/**
 * Cross-reference checks over every synthesized object of the app. Each broken reference yields one message that
 * names both ends (the referring object and field, and what it points at). Empty when all is well.
 */
export function validateReferences(objects: readonly KubeObject[]): string[] {
  const index = new ObjectIndex(objects);
  return objects.flatMap((object) => [
    ...sensorDependencyErrors(object, index),
    ...sensorTriggerErrors(object, index),
    ...eventBusErrors(object, index),
    ...serviceAccountErrors(object, index),
    ...secretErrors(object, index),
    ...templateRefErrors(object, index),
    ...semaphoreErrors(object, index),
    ...imageErrors(object),
  ]);
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** EventSource spec keys that are not event types. */
const EVENT_SOURCE_SETTINGS = new Set(['eventBusName', 'template', 'service', 'replicas']);

/** Lookups by kind, namespace and name; each built once, so the checks stay linear in the number of objects. */
class ObjectIndex {
  private readonly byKey = new Map<string, KubeObject>();
  /** Keys of the Secret each ExternalSecret creates, by namespace and Secret name (the first one wins). */
  private readonly secretKeysByName = new Map<string, string[]>();
  private readonly eventsBySource = new Map<KubeObject, { readonly sorted: string[]; readonly set: Set<string> }>();

  constructor(objects: readonly KubeObject[]) {
    for (const object of objects)
      this.byKey.set(this.key(object.kind, object.metadata.namespace, object.metadata.name), object);
    for (const object of this.byKey.values()) {
      if (object.kind !== 'ExternalSecret') continue;
      const spec = object.spec as Json;
      const target = str((spec.target as Json | undefined)?.name) ?? object.metadata.name;
      const key = this.key('Secret', object.metadata.namespace, target);
      if (!this.secretKeysByName.has(key))
        this.secretKeysByName.set(
          key,
          asArray(spec.data).map((item) => String((item as Json).secretKey)),
        );
    }
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKey.get(this.key(kind, namespace, name));
  }

  names(kind: string, namespace: string | undefined): string[] {
    return [...this.byKey.values()]
      .filter((object) => object.kind === kind && object.metadata.namespace === namespace)
      .map((object) => object.metadata.name)
      .sort();
  }

  /** The Secret an ExternalSecret creates, with its keys. */
  secretKeys(namespace: string | undefined, name: string): string[] | undefined {
    return this.secretKeysByName.get(this.key('Secret', namespace, name));
  }

  /** The event names of an EventSource, sorted, computed once per source. */
  events(source: KubeObject): { readonly sorted: string[]; readonly set: Set<string> } {
    let events = this.eventsBySource.get(source);
    if (!events) {
      const sorted = Object.entries(source.spec as Json)
        .filter(([key, value]) => !EVENT_SOURCE_SETTINGS.has(key) && isObject(value))
        .flatMap(([, value]) => Object.keys(value as Json))
        .sort();
      events = { sorted, set: new Set(sorted) };
      this.eventsBySource.set(source, events);
    }
    return events;
  }

  private key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
  }
}

const known = (names: string[]): string => `(generated: ${names.length ? names.join(', ') : 'none'})`;

function sensorDependencyErrors(object: KubeObject, index: ObjectIndex): string[] {
  if (object.kind !== 'Sensor') return [];
  const namespace = object.metadata.namespace;
  return asArray((object.spec as Json).dependencies).flatMap((raw) => {
    const dependency = raw as Json;
    const where = `${describeObject(object)} dependency "${str(dependency.name)}"`;
    const sourceName = String(dependency.eventSourceName);
    const source = index.get('EventSource', namespace, sourceName);
    if (!source) {
      return [`${where}: EventSource "${sourceName}" does not exist ${known(index.names('EventSource', namespace))}`];
    }
    const events = index.events(source);
    const eventName = String(dependency.eventName);
    return events.set.has(eventName)
      ? []
      : [
          `${where}: EventSource ${sourceName} has no event "${eventName}" (its events: ${events.sorted.join(', ') || 'none'})`,
        ];
  });
}

/** EventSources and Sensors publish to and read from the EventBus named by `eventBusName` (default "default"). */
function eventBusErrors(object: KubeObject, index: ObjectIndex): string[] {
  if (object.kind !== 'Sensor' && object.kind !== 'EventSource') return [];
  const name = str((object.spec as Json).eventBusName) ?? 'default';
  const namespace = object.metadata.namespace;
  return index.get('EventBus', namespace, name)
    ? []
    : [
        `${describeObject(object)} spec.eventBusName: EventBus "${name}" does not exist ${known(index.names('EventBus', namespace))}`,
      ];
}

/** Trigger parameter destinations the WorkflowTrigger writes: `spec.arguments.parameters.<i>.value`. */
const ARGUMENT_DEST = /^spec\.arguments\.parameters\.(\d+)\.value$/;

function sensorTriggerErrors(object: KubeObject, index: ObjectIndex): string[] {
  if (object.kind !== 'Sensor') return [];
  const spec = object.spec as Json;
  const dependencies = new Set(asArray(spec.dependencies).map((dependency) => str((dependency as Json).name)));
  // A trigger's dead-letter trigger creates a Workflow of its own template: checked the same way.
  const triggers = asArray(spec.triggers).flatMap((raw) => [
    raw,
    ...(isObject(raw) && raw.dlqTrigger ? [raw.dlqTrigger] : []),
  ]);
  return triggers.flatMap((raw) => {
    const template = ((raw as Json).template ?? {}) as Json;
    const where = `${describeObject(object)} trigger "${str(template.name)}"`;
    const k8s = template.k8s as Json | undefined;
    const parameters = asArray(k8s?.parameters).map((parameter) => parameter as Json);
    const errors = parameters
      .map((parameter) => str((parameter.src as Json | undefined)?.dependencyName))
      .filter((name) => name !== undefined && !dependencies.has(name))
      .map((name) => `${where}: parameter source names dependency "${name}", which the Sensor does not declare`);
    const resource = (k8s?.source as Json | undefined)?.resource as Json | undefined;
    const resourceSpec = resource?.spec as Json | undefined;
    const templateName = str((resourceSpec?.workflowTemplateRef as Json | undefined)?.name);
    if (resource?.kind !== 'Workflow' || !templateName) return errors;

    const namespace = str((resource.metadata as Json | undefined)?.namespace) ?? object.metadata.namespace;
    const workflowTemplate = index.get('WorkflowTemplate', namespace, templateName);
    if (!workflowTemplate) {
      return [
        ...errors,
        `${where}: WorkflowTemplate "${templateName}" does not exist ${known(index.names('WorkflowTemplate', namespace))}`,
      ];
    }
    const declared = asArray(((workflowTemplate.spec as Json).arguments as Json | undefined)?.parameters).map(
      (parameter) => parameter as Json,
    );
    const declaredNames = declared.map((parameter) => String(parameter.name));
    const args = asArray((resourceSpec?.arguments as Json | undefined)?.parameters).map((argument) => argument as Json);
    const mapped = new Set(
      parameters.flatMap((parameter) => {
        const match = ARGUMENT_DEST.exec(String(parameter.dest));
        return match ? [Number(match[1])] : [];
      }),
    );
    for (const [i, argument] of args.entries()) {
      if (!declaredNames.includes(String(argument.name))) {
        errors.push(
          `${where}: argument "${argument.name}" is not a parameter of WorkflowTemplate ${templateName} (its parameters: ${declaredNames.join(', ')})`,
        );
      }
      if (argument.value === undefined && !mapped.has(i)) {
        errors.push(`${where}: argument "${argument.name}" is neither given a value nor mapped from an event`);
      }
      const allowed = declared.find((parameter) => parameter.name === argument.name)?.enum as string[] | undefined;
      const fixed = str(argument.value);
      if (allowed && !mapped.has(i) && fixed !== undefined && !allowed.includes(fixed)) {
        errors.push(
          `${where}: argument "${argument.name}" = ${JSON.stringify(fixed)} is not one of ${JSON.stringify(allowed)} (WorkflowTemplate ${templateName})`,
        );
      }
    }
    for (const i of mapped) {
      if (i >= args.length)
        errors.push(`${where}: a parameter writes spec.arguments.parameters.${i}, which does not exist`);
    }
    for (const parameter of declared) {
      const required = parameter.value === undefined && parameter.default === undefined;
      const argument = args.findIndex((candidate) => candidate.name === parameter.name);
      const set = argument >= 0 && (mapped.has(argument) || str(args[argument]!.value));
      if (required && !set) {
        errors.push(`${where}: required parameter "${parameter.name}" of WorkflowTemplate ${templateName} is not set`);
      }
    }
    return errors;
  });
}

function serviceAccountErrors(object: KubeObject, index: ObjectIndex): string[] {
  const spec = (object.spec ?? {}) as Json;
  const references: [string, string | undefined, string | undefined][] = [
    ['spec.serviceAccountName', str(spec.serviceAccountName), object.metadata.namespace],
    [
      'spec.workflowSpec.serviceAccountName',
      str((spec.workflowSpec as Json | undefined)?.serviceAccountName),
      object.metadata.namespace,
    ],
    [
      'spec.template.serviceAccountName',
      str((spec.template as Json | undefined)?.serviceAccountName),
      object.metadata.namespace,
    ],
  ];
  if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
    for (const subject of asArray(object.subjects) as Json[]) {
      if (subject.kind === 'ServiceAccount') references.push(['subjects', str(subject.name), str(subject.namespace)]);
    }
  }
  return references
    .filter(([, name, namespace]) => name !== undefined && !index.get('ServiceAccount', namespace, name))
    .map(
      ([field, name, namespace]) =>
        `${describeObject(object)} ${field}: ServiceAccount "${name}" is not generated in namespace ${namespace} ${known(index.names('ServiceAccount', namespace))}`,
    );
}

/** Fields holding a SecretKeySelector `{name, key}` (Kubernetes env, Argo Events sources and triggers). */
const SECRET_SELECTORS = new Set([
  'secretKeyRef',
  'authSecret',
  'urlSecret',
  'accessSecret',
  'serverCertSecret',
  'serverKeySecret',
  'caCertSecret',
  'clientCertSecret',
  'clientKeySecret',
  'username',
  'password',
]);

interface SecretUse {
  readonly path: string;
  readonly name: string;
  readonly keys: readonly string[];
}

/**
 * The one Secret synth writes: a `kubernetes.io/service-account-token` Secret of a generated ServiceAccount, with no
 * data (Kubernetes fills in the token). Any other is a credential in git.
 */
function serviceAccountTokenErrors(object: KubeObject, index: ObjectIndex): string[] {
  const secret = object as KubeObject & { type?: string; data?: unknown; stringData?: unknown };
  const account = (object.metadata.annotations as Record<string, string> | undefined)?.[
    'kubernetes.io/service-account.name'
  ];
  const isToken = secret.type === 'kubernetes.io/service-account-token' && !secret.data && !secret.stringData;
  if (!isToken || account === undefined) {
    return [`${describeObject(object)}: Secrets are never generated; declare an ExternalSecret in the site config`];
  }
  return index.get('ServiceAccount', object.metadata.namespace, account)
    ? []
    : [
        `${describeObject(object)}: its ServiceAccount "${account}" is not generated in namespace ${object.metadata.namespace}`,
      ];
}

function secretErrors(object: KubeObject, index: ObjectIndex): string[] {
  if (object.kind === 'Secret') return serviceAccountTokenErrors(object, index);
  const namespace = object.metadata.namespace;
  return secretUses(object).flatMap(({ path, name, keys }) => {
    const available = index.secretKeys(namespace, name);
    if (!available) {
      return [
        `${describeObject(object)} ${path}: Secret "${name}" is not generated by any ExternalSecret in namespace ${namespace}`,
      ];
    }
    return keys
      .filter((key) => !available.includes(key))
      .map(
        (key) =>
          `${describeObject(object)} ${path}: Secret "${name}" has no key "${key}" (its keys: ${available.join(', ')})`,
      );
  });
}

function secretUses(object: KubeObject): SecretUse[] {
  const uses: SecretUse[] = [];
  walk(object, '', (key, child, path) => {
    if (!isObject(child)) return;
    if (SECRET_SELECTORS.has(key) && typeof child.name === 'string' && typeof child.key === 'string') {
      uses.push({ path, name: child.name, keys: [child.key] });
    }
    // Volumes: `secret.secretName` in a pod volume, `secret.name` in a projected volume source.
    if (key === 'secret' && (typeof child.secretName === 'string' || typeof child.name === 'string')) {
      const keys = asArray(child.items).map((item) => String((item as Json).key));
      uses.push({ path, name: String(child.secretName ?? child.name), keys });
    }
  });
  return uses;
}

/** Calls `onField` for every field of every object nested in `value`, with its dotted path. */
function walk(value: unknown, path: string, onField: (key: string, child: unknown, path: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, `${path}[${i}]`, onField);
    });
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    onField(key, child, here);
    walk(child, here, onField);
  }
}

function templateRefErrors(object: KubeObject, index: ObjectIndex): string[] {
  if (!['WorkflowTemplate', 'CronWorkflow', 'Workflow'].includes(object.kind)) return [];
  const namespace = object.metadata.namespace;
  const errors: string[] = [];
  walk(object.spec, 'spec', (key, child, here) => {
    if ((key !== 'templateRef' && key !== 'workflowTemplateRef') || !isObject(child) || child.clusterScope) return;
    const name = String(child.name);
    const target = index.get('WorkflowTemplate', namespace, name);
    if (!target) {
      errors.push(
        `${describeObject(object)} ${here}: WorkflowTemplate "${name}" does not exist ${known(index.names('WorkflowTemplate', namespace))}`,
      );
      return;
    }
    const names = asArray((target.spec as Json).templates).map((template) => String((template as Json).name));
    if (key === 'templateRef' && !names.includes(String(child.template))) {
      errors.push(
        `${describeObject(object)} ${here}: WorkflowTemplate ${name} has no template "${child.template}" (its templates: ${names.join(', ')})`,
      );
    }
  });
  return errors;
}

function semaphoreErrors(object: KubeObject, index: ObjectIndex): string[] {
  const spec = (object.spec ?? {}) as Json;
  const specs = [spec, (spec.workflowSpec ?? {}) as Json];
  // Workflow-level and template-level blocks alike.
  const holders = specs.flatMap((workflowSpec) => [
    ['', workflowSpec] as const,
    ...(asArray(workflowSpec.templates) as Json[]).map(
      (template) => [` template "${template.name}"`, template] as const,
    ),
  ]);
  return holders.flatMap(([label, holder]) =>
    asArray((holder.synchronization as Json | undefined)?.semaphores).flatMap((raw) => {
      const ref = (raw as Json).configMapKeyRef as Json | undefined;
      if (!ref) return [];
      const configMap = index.get('ConfigMap', object.metadata.namespace, String(ref.name));
      const where = `${describeObject(object)}${label} synchronization.semaphores`;
      if (!configMap) return [`${where}: ConfigMap "${ref.name}" is not generated`];
      const data = (configMap.data ?? {}) as Json;
      return typeof data[String(ref.key)] === 'string'
        ? []
        : [`${where}: ConfigMap ${ref.name} has no key "${ref.key}" (its keys: ${Object.keys(data).join(', ')})`];
    }),
  );
}

/** An image is pinned by a digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon > 0 && lastSegment.slice(colon + 1) !== 'latest' && lastSegment.slice(colon + 1) !== '';
}

function imageErrors(object: KubeObject): string[] {
  const errors: string[] = [];
  walk(object, '', (key, child, path) => {
    if (key === 'image' && typeof child === 'string' && !isPinnedImage(child)) {
      errors.push(`${describeObject(object)} ${path}: image "${child}" is not pinned (use a version tag or a digest)`);
    }
  });
  return errors;
}
