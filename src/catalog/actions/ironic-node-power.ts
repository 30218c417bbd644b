import { NodePowerInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const ironicNodePower = defineAction({
  name: 'ironic-node-power',
  title: 'Power an Ironic node on or off, or reboot it',
  description: actionDescription({
    summary:
      'Power a bare-metal node on or off, or reboot it, hard or soft (ACPI), through its BMC, and wait for the ' +
      'power state. A node already there, or on its way there, is only waited for.',
    changes: "the node's power state: whatever runs on it stops or restarts.",
    needs: openstackNeeds('Ironic', 'to read nodes and set their power state'),
    outputs: '`powerState` and `result`.',
    example: { template: 'ironic-node-power', parameters: { node: 'compute-17', power: 'off', soft: 'true' } },
  }),
  step: {
    system: 'openstack',
    name: 'node-power',
    input: NodePowerInput,
    mutating: true,
    outputs: { powerState: 'Power state of the node when the step ended' },
  },
  // One change per node at a time, shared by every Ironic node action; at most ten power changes across the site
  // (a rack powered on at once draws its peak all at once, and BMCs answer slowly under load).
  mutex: { prefix: 'ironic-node', by: ['node'] },
  maxParallel: 10,
});
