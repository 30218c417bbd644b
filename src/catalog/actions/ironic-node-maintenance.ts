import { NodeMaintenanceInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const ironicNodeMaintenance = defineAction({
  name: 'ironic-node-maintenance',
  title: 'Put an Ironic node in maintenance, or take it out',
  description: actionDescription({
    summary:
      'Set maintenance on a bare-metal node with a reason (`maintenance=on`), or clear it (`maintenance=off`). A ' +
      'node already in the wanted state (with the same reason) is left as it is.',
    changes: "the node's maintenance flag and reason: Ironic stops (or resumes) acting on the node.",
    needs: openstackNeeds('Ironic', 'to read nodes and set and clear maintenance'),
    outputs: '`result`.',
    example: {
      template: 'ironic-node-maintenance',
      parameters: { node: 'compute-17', maintenance: 'on', reason: 'DIMM replacement' },
    },
  }),
  step: { system: 'openstack', name: 'node-maintenance', input: NodeMaintenanceInput, mutating: true },
  // One change per node at a time, shared by every Ironic node action.
  mutex: { prefix: 'ironic-node', by: ['node'] },
});
