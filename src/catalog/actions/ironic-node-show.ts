import { NodeShowInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const ironicNodeShow = defineAction({
  name: 'ironic-node-show',
  title: "Read an Ironic node's state",
  description: actionDescription({
    summary:
      "Read a bare-metal node's provision state, power state, maintenance (with its reason) and last error: a " +
      'diagnosis of the runbooks, and a quick look for people.',
    changes: 'nothing (read-only).',
    needs: openstackNeeds('Ironic', 'to read nodes'),
    outputs: '`provisionState`, `powerState`, `maintenance`, `maintenanceReason`, `lastError` and `result`.',
    example: { template: 'ironic-node-show', parameters: { node: 'compute-17' } },
  }),
  step: {
    system: 'openstack',
    name: 'node-show',
    input: NodeShowInput,
    mutating: false,
    outputs: {
      provisionState: 'Provision state, e.g. active, manageable, clean failed',
      powerState: 'Power state: power on, power off, or empty when Ironic does not know',
      maintenance: 'true or false',
      maintenanceReason: 'Why the node is in maintenance, empty when it is not',
      lastError: "Ironic's last error on the node, empty when there is none",
    },
  },
});
