import { defineStep } from '../runtime/step.js';
import { NodeMaintenanceInput } from './inputs/ironic-node-maintenance.js';

export const nodeMaintenance = defineStep({
  system: 'openstack',
  name: 'node-maintenance',
  description: 'Put an Ironic node in maintenance (with a reason) or take it out of maintenance',
  input: NodeMaintenanceInput,
  mutating: true,
  target: (input) => `Ironic node ${input.node}`,
  run: (input, ctx) => import('./run/ironic-node-maintenance.js').then((module) => module.run(input, ctx)),
});
