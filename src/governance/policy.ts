import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { AdmissionRules } from './admission.js';

export interface WorkflowAdmissionPolicyProps {
  /** metadata.name of the policy and of its binding (cluster-scoped objects). */
  readonly name: string;
  /** Only Workflows of this namespace are checked. */
  readonly namespace: string;
  /** Workflow creation (what may run) or update (who may decide). */
  readonly operation: 'CREATE' | 'UPDATE';
  readonly rules: AdmissionRules;
}

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) on Workflow creation or update by the governed callers, and
 * its binding with `Deny`. `failurePolicy: Fail`: a rule that cannot be evaluated refuses rather than admits.
 */
export class WorkflowAdmissionPolicy extends Construct {
  constructor(scope: Construct, id: string, props: WorkflowAdmissionPolicyProps) {
    super(scope, id);
    const policy = new ApiObject(this, 'Policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: props.name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.namespace } },
          resourceRules: [
            {
              apiGroups: ['argoproj.io'],
              apiVersions: ['v1alpha1'],
              operations: [props.operation],
              resources: ['workflows'],
            },
          ],
        },
        matchConditions: [props.rules.matchCondition],
        variables: props.rules.variables,
        validations: props.rules.validations,
      },
    });
    const binding = new ApiObject(this, 'Binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: props.name },
      spec: { policyName: props.name, validationActions: ['Deny'] },
    });
    // Cluster-scoped: the chart's namespace must not land on them.
    for (const object of [policy, binding]) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
