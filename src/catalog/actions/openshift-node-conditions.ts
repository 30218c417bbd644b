import { NodeConditionsInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const openshiftNodeConditions = defineAction({
  name: 'openshift-node-conditions',
  title: "Read the conditions of a pod's node",
  description: actionDescription({
    summary:
      'Read the conditions of the node a pod is scheduled on (Ready, MemoryPressure, DiskPressure, PIDPressure, ' +
      'NetworkUnavailable, and any a node-problem-detector adds) and list the unhealthy ones, a cordon included.',
    changes: 'nothing (read-only).',
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get pods and nodes (cluster-scoped).',
    outputs: '`node`, `conditions`, `problems` (empty when healthy) and `result`.',
    example: {
      template: 'openshift-node-conditions',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', pod: 'checkout-5d9c7b-x2x4z' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'node-conditions',
    input: NodeConditionsInput,
    mutating: false,
    outputs: {
      node: 'The node the pod is scheduled on; empty when it is not scheduled',
      conditions: 'Every condition, one a line: "<type>=<status> (<reason>: <message>)"',
      problems: 'The unhealthy ones (Ready not True, any other True, cordoned), one a line; empty when none',
    },
  },
  // Exactly the calls of src/steps/kubernetes/node-conditions.ts.
  inClusterAccess: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
  ],
});
