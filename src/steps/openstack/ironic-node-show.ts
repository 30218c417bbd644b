import { nodeLabel } from '../../clients/openstack/index.js';
import { defineStep } from '../runtime/step.js';
import { NodeShowInput } from './inputs/ironic-node-show.js';
import { connectIronic, nodeSummary, readNode } from './ironic-common.js';

/** A read-only diagnosis: the Ironic node's provision and power state, maintenance and last error. */
export const nodeShow = defineStep({
  system: 'openstack',
  name: 'node-show',
  description: "Read an Ironic node's provision state, power state, maintenance (and reason) and last error",
  input: NodeShowInput,
  mutating: false,
  outputs: {
    provisionState: 'Provision state, e.g. active, manageable, clean failed',
    powerState: 'Power state: power on, power off, or empty when Ironic does not know',
    maintenance: 'true or false',
    maintenanceReason: 'Why the node is in maintenance, empty when it is not',
    lastError: "Ironic's last error on the node, empty when there is none",
  },
  target: (input) => `Ironic node ${input.node}`,
  async run(input, ctx) {
    const ironic = await connectIronic(ctx);
    const node = await readNode(ironic, input.node);
    await ctx.output('provisionState', node.provision_state);
    await ctx.output('powerState', node.power_state ?? '');
    await ctx.output('maintenance', String(node.maintenance));
    await ctx.output('maintenanceReason', node.maintenance_reason ?? '');
    await ctx.output('lastError', node.last_error ?? '');
    const maintenance = node.maintenance ? `, in maintenance (${node.maintenance_reason ?? 'no reason'})` : '';
    return {
      outcome: 'unchanged',
      message: `node ${nodeLabel(node)} is ${node.provision_state}, ${node.power_state ?? 'power unknown'}${maintenance}`,
      details: nodeSummary(node),
    };
  },
});
