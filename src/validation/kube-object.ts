/** A synthesized Kubernetes object as plain JSON (what cdk8s `toJson()` returns and the YAML files hold). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string } & Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects), the way error messages name an object. */
export function describeObject(object: KubeObject): string {
  const { name, namespace } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
