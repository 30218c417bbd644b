import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { PolicyRule } from '../catalog/action.js';
import type { ArtifactsConfig } from '../catalog/site.js';
import { cel } from './admission.js';
import { type Role, roleServiceAccountName } from './role.js';

/** Annotations Argo Server's SSO RBAC reads (argo-workflows v4.1.2 server/auth/gatekeeper.go getServiceAccount). */
export const RBAC_RULE = 'workflows.argoproj.io/rbac-rule';
export const RBAC_RULE_PRECEDENCE = 'workflows.argoproj.io/rbac-rule-precedence';

/** An RBAC rule, optionally narrowed to objects by name. */
export interface MemberRule extends PolicyRule {
  readonly resourceNames?: readonly string[];
}

/**
 * What every role's people do through Argo Server with the role's token: submit from a template (the admission
 * policy decides which), follow runs, their pod logs and output artifacts. Argo Server finds an artifact's
 * repository with its own account, but reads the repository's credential Secrets with the caller's
 * (server/artifacts/artifact_server.go getArtifactAndDriver, resources.go GetSecret, v4.1.2): hence `get` on
 * exactly those Secrets (`site.artifacts.credentialSecrets`).
 */
export function memberRules(artifacts: ArtifactsConfig): MemberRule[] {
  return [
    { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'get', 'list', 'watch'] },
    { apiGroups: ['argoproj.io'], resources: ['workflowtemplates'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ...(artifacts.repository === 'none' || artifacts.credentialSecrets.length === 0
      ? []
      : [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...artifacts.credentialSecrets] }]),
  ];
}

/** Approvers resume, stop and set the approval node: Argo Server updates the Workflow with their client. */
export const APPROVER_RULE: MemberRule = {
  apiGroups: ['argoproj.io'],
  resources: ['workflows'],
  verbs: ['update', 'patch'],
};

/** The `rbac-rule` expression (expr-lang, over the OIDC claims as JSON): a member's group or subject. */
export function rbacRule(role: Role): string {
  const terms = [
    ...role.members.groups.map((group) => `${cel(group)} in groups`),
    ...role.members.users.map((user) => `sub == ${cel(user)}`),
  ];
  return terms.join(' || ');
}

export interface RoleSignInProps {
  readonly role: Role;
  readonly namespace: string;
  readonly artifacts: ArtifactsConfig;
}

/**
 * How people sign in as a role through Argo Server SSO: a ServiceAccount Argo Server picks by its `rbac-rule`,
 * the token Secret it reads for it (`<sa>.service-account-token`, found by name: docs/service-account-secrets.md;
 * Kubernetes fills in the token, git holds none), and a Role with exactly what the role's people need.
 */
export class RoleSignIn extends Construct {
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: RoleSignInProps) {
    super(scope, id);
    const name = roleServiceAccountName(props.role);
    this.serviceAccountName = name;
    new ApiObject(this, 'ServiceAccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name,
        annotations: {
          [RBAC_RULE]: rbacRule(props.role),
          [RBAC_RULE_PRECEDENCE]: String(props.role.precedence),
        },
      },
      // Argo Server reads the token Secret; no pod runs as this account.
      automountServiceAccountToken: false,
    });
    new ApiObject(this, 'Token', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}.service-account-token`, annotations: { 'kubernetes.io/service-account.name': name } },
      type: 'kubernetes.io/service-account-token',
    });
    const rules = [...memberRules(props.artifacts), ...(props.role.approves ? [APPROVER_RULE] : [])];
    new ApiObject(this, 'Role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name },
      rules: rules.map((rule) => ({ ...rule })),
    });
    new ApiObject(this, 'RoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });
  }
}
