import { RolloutStatusInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { kindRules } from '../kubernetes-rules.js';

export const openshiftWorkloadRolloutStatus = defineAction({
  name: 'openshift-workload-rollout-status',
  title: "Find a pod's workload and read its rollout status",
  description: actionDescription({
    summary:
      'Find the Deployment (through its ReplicaSet), StatefulSet or DaemonSet that owns a pod and read its rollout ' +
      'status as `kubectl rollout status` judges it. A pod no workload owns is reported, not failed.',
    changes: 'nothing (read-only).',
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get pods, ReplicaSets and the workloads.',
    outputs: '`kind`, `name` (empty when no workload owns the pod), `status`, `done` and `result`.',
    example: {
      template: 'openshift-workload-rollout-status',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', pod: 'checkout-5d9c7b-x2x4z' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'rollout-status',
    input: RolloutStatusInput,
    mutating: false,
    outputs: {
      kind: 'Deployment, StatefulSet or DaemonSet; empty when no such workload owns the pod',
      name: 'The workload name; empty when no such workload owns the pod',
      status: "kubectl's wording: 'deployment \"web\" successfully rolled out', 'Waiting for ...', or why it cannot",
      done: 'true when the rollout is complete',
    },
  },
  // Exactly the calls of src/steps/kubernetes/rollout-status.ts: the pod, its ReplicaSet, the workload.
  inClusterAccess: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ...kindRules(['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet'], ['get']),
  ],
});
