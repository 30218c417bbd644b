import { z } from 'zod';
import { NodeProvisionInput } from '../../steps/openstack/inputs.js';
import { ironicNodeProvision } from '../actions/ironic-node-provision.js';
import { nautobotDeviceSync } from '../actions/nautobot-device-sync.js';
import { defineComposite } from '../composite.js';
import { argoSubmit } from '../description.js';

const node = '{{workflow.parameters.node}}';
const provision = (action: string) => ({ node, action, timeoutSeconds: '{{workflow.parameters.timeoutSeconds}}' });

export const ironicNodeInspect = defineComposite({
  name: 'ironic-node-inspect',
  title: 'Inspect an Ironic node: manage, inspect, provide, sync to Nautobot',
  description: [
    'Move the node to `manageable`, run hardware inspection, provide it (`available`, after automated cleaning), ' +
      'then sync the device and its interfaces to Nautobot. Each provision step waits for its state, so a node ' +
      'already there is left as it is. The exit handler reports the outcome.',
    "**Changes:** the node's provision state and inspection data; the Nautobot device.",
    "**Needs:** clouds.yaml with an Ironic admin, the Nautobot token, the operators' channel (`notify.operators`).",
    '**Outputs:** `provisionState` (after provide).',
    `\`\`\`\n${argoSubmit('ironic-node-inspect', { node: 'r1-c4-n7' })}\n\`\`\``,
  ].join('\n\n'),
  input: z.strictObject({
    node: NodeProvisionInput.shape.node,
    timeoutSeconds: NodeProvisionInput.shape.timeoutSeconds,
  }),
  tasks: [
    { name: 'manage', action: ironicNodeProvision, arguments: provision('manage') },
    { name: 'inspect', action: ironicNodeProvision, depends: 'manage', arguments: provision('inspect') },
    { name: 'provide', action: ironicNodeProvision, depends: 'inspect', arguments: provision('provide') },
    { name: 'sync', action: nautobotDeviceSync, depends: 'provide', arguments: { node } },
  ],
  outputs: { provisionState: { task: 'provide', output: 'provisionState' } },
  notice: {
    subject: 'Inspection of ${node}: ${status}',
    message: 'ironic-node-inspect of ${node} ended: ${status}; provision state ${state}. ${workflow.url}',
    vars: {
      node: 'workflow.parameters.node',
      state: 'workflow.outputs?.parameters?.provisionState ?? "unknown: provide did not run"',
    },
  },
  mutex: { prefix: 'ironic-node', by: ['node'] },
});
