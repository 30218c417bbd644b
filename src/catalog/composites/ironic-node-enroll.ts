import { z } from 'zod';
import { NodeEnrollInput, NodeProvisionInput } from '../../steps/openstack/inputs.js';
import { ironicNodeCreate } from '../actions/ironic-node-create.js';
import { ironicNodeProvision } from '../actions/ironic-node-provision.js';
import { nautobotDeviceSync } from '../actions/nautobot-device-sync.js';
import { defineComposite } from '../composite.js';
import { argoSubmit } from '../description.js';

const enrollKeys = Object.keys(NodeEnrollInput.shape) as (keyof typeof NodeEnrollInput.shape)[];
const node = '{{workflow.parameters.name}}';
const provision = (action: string) => ({ node, action, timeoutSeconds: '{{workflow.parameters.timeoutSeconds}}' });

export const ironicNodeEnroll = defineComposite({
  name: 'ironic-node-enroll',
  title: 'Enroll a server in Ironic: create the node and ports, manage, inspect, provide, sync to Nautobot',
  description: [
    "Create the Ironic node `name` with its driver and BMC credentials (the password from the site's " +
      '`openstack.bmcPassword` Secret, never a parameter) and a port per MAC address, move it to `manageable`, ' +
      'run hardware inspection, provide it (`available`, after automated cleaning), then sync the device and its ' +
      'interfaces to Nautobot. Safe to run again on a half-enrolled node: an existing node of that name is reused ' +
      'when its driver and BMC address match (else the run stops), only missing ports are created, and each ' +
      'provision step waits for its state. The exit handler reports the outcome.',
    '**Changes:** a new Ironic node and its ports, its provision state and inspection data; the Nautobot device.',
    "**Needs:** clouds.yaml with an Ironic admin, the BMC password (`openstack.bmcPassword`), the Nautobot token, the operators' channel (`notify.operators`).",
    '**Outputs:** `nodeUuid` and `provisionState` (after provide).',
    `\`\`\`\n${argoSubmit('ironic-node-enroll', {
      name: 'r1-c4-n7',
      driver: 'redfish',
      bmcAddress: 'https://10.0.4.7',
      bmcUsername: 'root',
      macs: '["52:54:00:12:34:56"]',
    })}\n\`\`\``,
  ].join('\n\n'),
  input: z.strictObject({ ...NodeEnrollInput.shape, timeoutSeconds: NodeProvisionInput.shape.timeoutSeconds }),
  tasks: [
    {
      name: 'enroll',
      action: ironicNodeCreate,
      arguments: Object.fromEntries(enrollKeys.map((key) => [key, `{{workflow.parameters.${key}}}`])),
    },
    { name: 'manage', action: ironicNodeProvision, depends: 'enroll', arguments: provision('manage') },
    { name: 'inspect', action: ironicNodeProvision, depends: 'manage', arguments: provision('inspect') },
    { name: 'provide', action: ironicNodeProvision, depends: 'inspect', arguments: provision('provide') },
    { name: 'sync', action: nautobotDeviceSync, depends: 'provide', arguments: { node } },
  ],
  outputs: {
    nodeUuid: { task: 'enroll', output: 'nodeUuid' },
    provisionState: { task: 'provide', output: 'provisionState' },
  },
  notice: {
    subject: 'Enrolment of ${node}: ${status}',
    message: 'ironic-node-enroll of ${node} (${uuid}) ended: ${status}; provision state ${state}. ${workflow.url}',
    vars: {
      node: 'workflow.parameters.name',
      uuid: 'workflow.outputs?.parameters?.nodeUuid ?? "no node: enroll did not finish"',
      state: 'workflow.outputs?.parameters?.provisionState ?? "unknown: provide did not run"',
    },
  },
  mutex: { prefix: 'ironic-node', by: ['name'] },
});
