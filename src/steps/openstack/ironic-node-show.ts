import { defineStep } from '../runtime/step.js';
import { NodeShowInput } from './inputs/ironic-node-show.js';

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
  run: (input, ctx) => import('./run/ironic-node-show.js').then((module) => module.run(input, ctx)),
});
