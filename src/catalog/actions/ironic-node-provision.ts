import { NodeProvisionInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const ironicNodeProvision = defineAction({
  name: 'ironic-node-provision',
  title: 'Move an Ironic node through its provision states',
  description: actionDescription({
    summary:
      'Run one provision action on a bare-metal node and wait for its stable state: manage → `manageable`, ' +
      'provide → `available`, inspect and clean → `manageable`, rebuild → `active`. Fails at once on a failure ' +
      "state such as `clean failed`, with Ironic's last_error.",
    changes:
      "the node's provision state; inspect updates its properties and ports, clean runs `cleanSteps` (which may " +
      'erase disks), rebuild redeploys its image.',
    needs: openstackNeeds('Ironic', 'to read nodes and set their provision state'),
    outputs: '`provisionState` and `result`.',
    example: {
      template: 'ironic-node-provision',
      parameters: {
        node: 'compute-17',
        action: 'clean',
        cleanSteps: '[{"interface":"deploy","step":"erase_devices_metadata"}]',
      },
    },
  }),
  step: {
    system: 'openstack',
    name: 'node-provision',
    input: NodeProvisionInput,
    mutating: true,
    outputs: { provisionState: 'Provision state of the node when the step ended' },
  },
  // One change per node at a time, shared by every Ironic node action; at most five across the site, as each
  // inspection, cleaning or deployment holds a conductor worker and boots the node over the provisioning network.
  mutex: { prefix: 'ironic-node', by: ['node'] },
  maxParallel: 5,
});
