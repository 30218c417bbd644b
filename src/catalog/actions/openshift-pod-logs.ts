import { PodLogsInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { kindRules } from '../kubernetes-rules.js';

export const openshiftPodLogs = defineAction({
  name: 'openshift-pod-logs',
  title: 'Collect the logs of an OpenShift/Kubernetes pod or workload',
  description: actionDescription({
    summary:
      'Read the logs of a Pod, or of every pod a Deployment, StatefulSet, DaemonSet or Job selects, every container ' +
      '(or one), into one file with a header per pod and container.',
    changes: 'nothing (read-only).',
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get the workload, get and list pods and get pods/log; an ' +
      'artifact repository in this namespace for the `logs` file.',
    outputs: 'the artifact `logs` (the file) and `result` (per pod and container: bytes, or why there were none).',
    example: {
      template: 'openshift-pod-logs',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', kind: 'Deployment', name: 'checkout', tailLines: '1000' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'pod-logs',
    input: PodLogsInput,
    mutating: false,
    files: { logs: 'The logs, one section per pod and container headed "==> pod/<pod> container/<container> <=="' },
    // On a site without an artifact repository, the end of the logs as an output parameter.
    cappedFiles: ['logs'],
  },
  // Exactly the calls of src/steps/kubernetes/pod-logs.ts: read the workload for its selector, read the pod or list
  // the selected pods, read each container's log.
  inClusterAccess: [
    ...kindRules(['Deployment', 'StatefulSet', 'DaemonSet', 'Job'], ['get']),
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  ],
});
