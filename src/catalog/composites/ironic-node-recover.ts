import { z } from 'zod';
import { NodeRecleanInput } from '../../steps/openstack/inputs.js';
import { ironicNodeReclean } from '../actions/ironic-node-reclean.js';
import { nautobotDeviceSync } from '../actions/nautobot-device-sync.js';
import { defineComposite } from '../composite.js';
import { argoSubmit } from '../description.js';

const node = '{{workflow.parameters.node}}';

export const ironicNodeRecover = defineComposite({
  name: 'ironic-node-recover',
  title: 'Recover a clean-failed Ironic node, then sync it to Nautobot',
  description: [
    'Bring a `clean failed` node back: manage, clean again, provide, at most `maxAttempts` rounds so a node that ' +
      'keeps failing cannot loop; with `minIntervalMinutes`, refuse a node another run began recovering less than ' +
      'that long ago (its `extra.opsflow_reclean`); then, once the node is back, sync the device to Nautobot. The ' +
      'exit handler reports the outcome.',
    "**Changes:** the node's provision state (back to `available`); the Nautobot device.",
    "**Needs:** clouds.yaml with an Ironic admin, the Nautobot token, the operators' channel (`notify.operators`).",
    '**Outputs:** `provisionState`.',
    `\`\`\`\n${argoSubmit('ironic-node-recover', { node: 'r1-c4-n7' })}\n\`\`\``,
  ].join('\n\n'),
  input: z.strictObject({
    node: NodeRecleanInput.shape.node,
    maxAttempts: NodeRecleanInput.shape.maxAttempts,
    minIntervalMinutes: NodeRecleanInput.shape.minIntervalMinutes,
  }),
  tasks: [
    {
      name: 'reclean',
      action: ironicNodeReclean,
      arguments: {
        node,
        maxAttempts: '{{workflow.parameters.maxAttempts}}',
        minIntervalMinutes: '{{workflow.parameters.minIntervalMinutes}}',
      },
    },
    { name: 'sync', action: nautobotDeviceSync, depends: 'reclean', arguments: { node } },
  ],
  outputs: { provisionState: { task: 'reclean', output: 'provisionState' } },
  notice: {
    subject: 'Recovery of ${node}: ${status}',
    message: 'ironic-node-recover of ${node} ended: ${status}; provision state ${state}. ${workflow.url}',
    vars: {
      node: 'workflow.parameters.node',
      state: 'workflow.outputs?.parameters?.provisionState ?? "unknown: the reclean did not report"',
    },
  },
  mutex: { prefix: 'ironic-node', by: ['node'] },
});
