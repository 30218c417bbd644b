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
  mutex:
    'workload-{{workflow.parameters.cluster}}-{{workflow.parameters.namespace}}-{{workflow.parameters.kind}}-{{workflow.parameters.name}}',
  maxParallel: 5,
  // The step waits up to timeoutSeconds (max 3600); leave room for start-up and retries.
  deadlineSeconds: 4200,
  inClusterAccess: [
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'patch'] },
    { apiGroups: ['apps'], resources: ['replicasets', 'controllerrevisions'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  ],
});
