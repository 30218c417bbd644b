/**
 * The Kubernetes objects synth writes beside the Argo ones (admission policies, RBAC, ServiceAccounts, Secrets),
 * checked against two maintained model packages: kubernetes-models (required fields, enums, types) and
 * @kubernetes/client-node's model type maps, which close every object (a field the API type does not have is an
 * error, where the API server would silently drop it).
 */
import * as client from '@kubernetes/client-node';
import {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Secret, ServiceAccount } from 'kubernetes-models/v1';
import type { KubeObject } from './kube-object.js';

interface Model {
  new (data: never): { validate(): void };
}
type AttributeTypeMap = readonly { readonly baseName: string; readonly type: string }[];

const KINDS: Readonly<Record<string, readonly [Model, string]>> = {
  ValidatingAdmissionPolicy: [ValidatingAdmissionPolicy, 'V1ValidatingAdmissionPolicy'],
  ValidatingAdmissionPolicyBinding: [ValidatingAdmissionPolicyBinding, 'V1ValidatingAdmissionPolicyBinding'],
  ServiceAccount: [ServiceAccount, 'V1ServiceAccount'],
  Secret: [Secret, 'V1Secret'],
  ConfigMap: [ConfigMap, 'V1ConfigMap'],
  Role: [Role, 'V1Role'],
  RoleBinding: [RoleBinding, 'V1RoleBinding'],
  ClusterRole: [ClusterRole, 'V1ClusterRole'],
  ClusterRoleBinding: [ClusterRoleBinding, 'V1ClusterRoleBinding'],
};

/** Whether the kind is checked here. */
export function hasKubernetesSchema(kind: string): boolean {
  return kind in KINDS;
}

/** `<path> <problem>` for each error; empty when valid. */
export function kubernetesSchemaErrors(object: KubeObject): string[] {
  const entry = KINDS[object.kind];
  if (!entry) throw new Error(`no Kubernetes schema for kind ${object.kind}`);
  const [Model, typeName] = entry;
  const errors: string[] = [];
  try {
    new Model(object as never).validate();
  } catch (error) {
    errors.push(
      ...String((error as Error).message)
        .split(', ')
        .map((line) => line.replace(/^data/, '')),
    );
  }
  return [...errors, ...closedErrors(object, typeName, '')];
}

function closedErrors(value: unknown, type: string, path: string): string[] {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return Array.isArray(value) ? value.flatMap((item, i) => closedErrors(item, list[1]!, `${path}/${i}`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    return isRecord(value)
      ? Object.entries(value).flatMap(([key, item]) => closedErrors(item, map[1]!, `${path}/${key}`))
      : [];
  }
  const model = (client as unknown as Record<string, { getAttributeTypeMap?: () => AttributeTypeMap }>)[type];
  if (!model?.getAttributeTypeMap || !isRecord(value)) return [];
  const fields = new Map(model.getAttributeTypeMap().map((field) => [field.baseName, field.type]));
  return Object.entries(value).flatMap(([key, item]) => {
    const fieldType = fields.get(key);
    return fieldType === undefined
      ? [`${path || '/'} must NOT have additional properties "${key}"`]
      : closedErrors(item, fieldType, `${path}/${key}`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
