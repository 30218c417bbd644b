import { WorkloadRestartInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const openshiftWorkloadRestart = defineAction({
  name: 'openshift-workload-restart',
  title: 'Restart an OpenShift/Kubernetes workload',
  description: actionDescription({
    summary:
      'Rolling restart of a Deployment, StatefulSet or DaemonSet (as `kubectl rollout restart`), or eviction of a ' +
      'controller-owned Pod (respects PodDisruptionBudgets). Optionally waits until the rollout completes.',
    changes:
      "the workload's pod template annotation `kubectl.kubernetes.io/restartedAt` (a new rollout), or one Pod evicted.",
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get and patch the workload, get and list pods, and create ' +
      'pods/eviction.',
    outputs: "`restartedAt` (RFC 3339) and `result` (the step's result.json).",
    example: {
      template: 'openshift-workload-restart',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'workload-restart',
    input: WorkloadRestartInput,
    mutating: true,
    outputs: {
      restartedAt: 'RFC 3339 time written to the restartedAt annotation (workloads) or of the eviction (pods)',
    },
  },
  // One change per object at a time (shared with openshift-workload-delete); at most five restarts across the site.
  mutex: { prefix: 'kubernetes-object', by: ['cluster', 'namespace', 'kind', 'name'] },
  maxParallel: 5,
  // Exactly the calls of src/steps/kubernetes/workload-restart.ts: read and patch the workload (and read it again
  // while waiting), read the pod, list its siblings to spot the replacement, evict it.
  inClusterAccess: [
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  ],
});
