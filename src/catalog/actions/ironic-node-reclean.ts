import { NodeRecleanInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { OPENSTACK_MAX_WAIT_SECONDS, openstackNeeds } from '../openstack.js';

export const ironicNodeReclean = defineAction({
  name: 'ironic-node-reclean',
  title: 'Recover an Ironic node from "clean failed"',
  description: actionDescription({
    summary:
      'Recover a node in `clean failed`: clear the maintenance Ironic set for the failure, manage it, run the ' +
      'optional manual `cleanSteps`, provide it again; another round when cleaning fails again, at most ' +
      '`maxAttempts`. A node already `available` is left as it is. The Workflow stops after 12 hours.',
    changes:
      "the node's provision state (back to `available`), maintenance set by the cleaning failure, and what the clean steps do.",
    needs: openstackNeeds('Ironic', 'to read nodes, clear maintenance and set their provision state'),
    outputs: '`provisionState` and `result` (each failed round with its error).',
    example: { template: 'ironic-node-reclean', parameters: { node: 'compute-17', maxAttempts: '2' } },
  }),
  step: {
    system: 'openstack',
    name: 'node-reclean',
    input: NodeRecleanInput,
    mutating: true,
    outputs: { provisionState: 'Provision state of the node when the step ended' },
  },
  // One change per node at a time, shared by every Ironic node action; at most five cleanings across the site
  // (conductor workers and the provisioning network, as ironic-node-provision).
  mutex: { prefix: 'ironic-node', by: ['node'] },
  maxParallel: 5,
  // A round is three waits (manage, clean, provide), each up to timeoutSeconds: one round at the maximum.
  stepSeconds: 3 * OPENSTACK_MAX_WAIT_SECONDS,
});
