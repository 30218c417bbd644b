import { WorkloadRestartInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';

export const openshiftWorkloadRestart = defineAction({
  name: 'openshift-workload-restart',
  title: 'Restart an OpenShift/Kubernetes workload',
  description:
    'Rolling restart of a Deployment, StatefulSet or DaemonSet (as `kubectl rollout restart`), or eviction of a ' +
    'controller-owned Pod (respects PodDisruptionBudgets). Optionally waits until the rollout completes.',
  step: {
    system: 'kubernetes',
    name: 'workload-restart',
    input: WorkloadRestartInput,
    mutating: true,
    outputs: {
      restartedAt: 'RFC 3339 time written to the restartedAt annotation (workloads) or of the eviction (pods)',
    },
  },
  // One restart per workload at a time; at most five restarts across the site.
  mutex: { prefix: 'workload', by: ['cluster', 'namespace', 'kind', 'name'] },
  maxParallel: 5,
  // Exactly the calls of src/steps/kubernetes/workload-restart.ts: read and patch the workload (and read it again
  // while waiting), read the pod, list its siblings to spot the replacement, evict it.
  inClusterAccess: [
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'patch'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  ],
});
