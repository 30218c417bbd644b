import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { PolicyRule } from '../../catalog/action.js';

export type { PolicyRule };

export interface WorkloadServiceAccountProps {
  /** metadata.name of the ServiceAccount, and of its Role/RoleBinding and ClusterRole/ClusterRoleBinding. */
  readonly name: string;
  /** e.g. `eks.amazonaws.com/role-arn` for IRSA. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Mount the token: Argo's executor reports results with it, and in-cluster steps call the API with it.
   * @default true
   */
  readonly automountToken?: boolean;
}

/**
 * A ServiceAccount of its own for one workload (a WorkflowTemplate, a Sensor), with exactly the rules granted to it:
 * `grant()` for its namespace (Role + RoleBinding), `grantCluster()` for the whole cluster (ClusterRole +
 * ClusterRoleBinding). Wildcards are refused at synth.
 */
export class WorkloadServiceAccount extends Construct {
  readonly name: string;
  readonly serviceAccount: kplus.ServiceAccount;
  private role?: kplus.Role;
  private clusterRole?: kplus.ClusterRole;
  private readonly granted: PolicyRule[] = [];

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: props.name, annotations: { ...props.annotations } },
      automountToken: props.automountToken ?? true,
    });
    this.node.addValidation({ validate: () => this.granted.flatMap((rule) => wildcardErrors(this.name, rule)) });
  }

  /** Allow `rules` in the ServiceAccount's own namespace. */
  grant(...rules: readonly PolicyRule[]): void {
    this.role ??= this.createRole();
    for (const rule of rules) this.role.allow([...rule.verbs], ...apiResources(rule));
    this.granted.push(...rules);
  }

  /** Allow `rules` across the cluster (e.g. restarting workloads in any namespace). */
  grantCluster(...rules: readonly PolicyRule[]): void {
    this.clusterRole ??= this.createClusterRole();
    const roleObject = ApiObject.of(this.clusterRole);
    for (const rule of rules) {
      for (const endpoint of apiResources(rule)) {
        this.clusterRole.allow([...rule.verbs], endpoint);
        // cdk8s-plus renders an empty resourceNames list for cluster rules; drop it so the rule reads as meant.
        roleObject.addJsonPatch(JsonPatch.remove(`/rules/${this.clusterRole.rules.length - 1}/resourceNames`));
      }
    }
    this.granted.push(...rules);
  }

  private createRole(): kplus.Role {
    const role = new kplus.Role(this, 'Role', { metadata: { name: this.name } });
    new kplus.RoleBinding(this, 'RoleBinding', { metadata: { name: this.name }, role }).addSubjects(
      this.serviceAccount,
    );
    return role;
  }

  private createClusterRole(): kplus.ClusterRole {
    // Cluster-scoped objects: the chart namespace must not leak onto them.
    const role = new kplus.ClusterRole(this, 'ClusterRole', { metadata: { name: this.name } });
    const binding = new kplus.ClusterRoleBinding(this, 'ClusterRoleBinding', { metadata: { name: this.name }, role });
    binding.addSubjects(this.serviceAccount);
    for (const scope of [role, binding]) ApiObject.of(scope).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    return role;
  }
}

function apiResources(rule: PolicyRule): kplus.ApiResource[] {
  return rule.apiGroups.flatMap((apiGroup) =>
    rule.resources.map((resourceType) => kplus.ApiResource.custom({ apiGroup, resourceType })),
  );
}

function wildcardErrors(owner: string, rule: PolicyRule): string[] {
  const fields = { apiGroups: rule.apiGroups, resources: rule.resources, verbs: rule.verbs };
  return (
    Object.entries(fields)
      // `*` alone, and the partial forms RBAC also expands (`*/scale`, `pods/*`).
      .filter(([, values]) => values.some((value) => value.includes('*')))
      .map(
        ([field, values]) =>
          `ServiceAccount ${owner}: RBAC wildcard in ${field} ${JSON.stringify(values)} is not allowed`,
      )
  );
}
