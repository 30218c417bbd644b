import { WorkloadDeleteInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { kindRules } from '../kubernetes-rules.js';

export const openshiftWorkloadDelete = defineAction({
  name: 'openshift-workload-delete',
  title: 'Delete an OpenShift/Kubernetes Pod, Job or workload',
  description: actionDescription({
    summary:
      'Delete one object of a kind the site allows (`kubernetes.deletableKinds`, by default Pod and Job), in the ' +
      "background: its dependents (a Job's pods, a Deployment's ReplicaSets) go with it. An object already gone " +
      'or being deleted is left as it is.',
    changes: 'the object is deleted (only the one read: the delete carries its uid as a precondition).',
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get and delete that kind. The step refuses any kind outside ' +
      '`kubernetes.deletableKinds`.',
    outputs: "`result` (the step's result.json, with the uid deleted).",
    example: {
      template: 'openshift-workload-delete',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', kind: 'Pod', name: 'checkout-5d8f7c9b6-x2x9z' },
    },
  }),
  step: { system: 'kubernetes', name: 'workload-delete', input: WorkloadDeleteInput, mutating: true },
  // One change per object at a time (shared with openshift-workload-restart); at most five deletes across the site.
  mutex: { prefix: 'kubernetes-object', by: ['cluster', 'namespace', 'kind', 'name'] },
  maxParallel: 5,
  // Exactly the calls of src/steps/kubernetes/workload-delete.ts: read the object, then delete it; only on the
  // kinds the site lets the step delete (the same list reaches the step as OPSFLOW_DELETABLE_KINDS).
  inClusterAccess: (site) => kindRules(site.kubernetes.deletableKinds, ['get', 'delete']),
});
