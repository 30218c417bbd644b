import { NodeEnrollInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const ironicNodeCreate = defineAction({
  name: 'ironic-node-create',
  title: 'Create an Ironic node with its BMC credentials and ports',
  description: actionDescription({
    summary:
      'Create the node `name` (driver, BMC address and user, resource class, properties) unless a node of that name ' +
      'exists, then a port for each MAC address in `macs` it lacks. A node of that name with another driver or BMC ' +
      'address, or a MAC that is a port of another node, stops the run before anything changes; running it again ' +
      'after a half-done run creates only what is missing.',
    changes: 'a new Ironic node (in `enroll`) and its ports.',
    needs:
      `${openstackNeeds('Ironic', 'to create nodes and ports')} The BMC password is the site's ` +
      "`openstack.bmcPassword` Secret (key `password`), mounted only in this action's pods; it is never a parameter.",
    outputs: '`nodeUuid` and `result`.',
    example: {
      template: 'ironic-node-create',
      parameters: {
        name: 'r1-c4-n7',
        driver: 'redfish',
        bmcAddress: 'https://10.0.4.7',
        bmcUsername: 'root',
        macs: '["52:54:00:12:34:56"]',
      },
    },
  }),
  step: {
    system: 'openstack',
    name: 'node-enroll',
    input: NodeEnrollInput,
    mutating: true,
    outputs: { nodeUuid: 'UUID of the Ironic node' },
  },
  // The node name is the target: two enrolments of one server would race to create it (and the other Ironic
  // actions of that node wait for it).
  mutex: { prefix: 'ironic-node', by: ['name'] },
});
