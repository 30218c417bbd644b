import { PodStatusInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const openshiftPodDescribe = defineAction({
  name: 'openshift-pod-describe',
  title: "Read a pod's state, restarts, events and crashed log",
  description: actionDescription({
    summary:
      "What `kubectl describe pod` and `kubectl logs --previous` show of a failing pod: its phase, each container's " +
      "state, restarts and last termination, the pod's latest events and the last lines of the crashed instance " +
      'of its most restarted container.',
    changes: 'nothing (read-only).',
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get pods, list events and get pods/log.',
    outputs: '`phase`, `containers` (JSON), `lastTermination`, `events`, `logTail` (at most 4 KiB) and `result`.',
    example: {
      template: 'openshift-pod-describe',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', pod: 'checkout-5d9c7b-x2x4z' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'pod-status',
    input: PodStatusInput,
    mutating: false,
    outputs: {
      phase: 'The pod phase: Pending, Running, Succeeded, Failed, Unknown',
      containers: 'JSON: [{"name","ready","restartCount","state","lastTermination"}]',
      lastTermination: 'The last termination of the most restarted container, e.g. "app: OOMKilled, exit 137"',
      events: 'The pod\'s latest events, one a line: "<type> <reason> (x<count>): <message>"',
      logTail: 'The last lines (at most 4 KiB) of the previous instance of the most restarted container',
    },
  },
  // Exactly the calls of src/steps/kubernetes/pod-status.ts.
  inClusterAccess: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    { apiGroups: [''], resources: ['events'], verbs: ['list'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  ],
});
