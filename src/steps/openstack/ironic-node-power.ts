import { defineStep } from '../runtime/step.js';
import { NodePowerInput } from './inputs/ironic-node-power.js';

export const nodePower = defineStep({
  system: 'openstack',
  name: 'node-power',
  description: 'Power an Ironic node on or off, or reboot it, and wait for the power state',
  input: NodePowerInput,
  mutating: true,
  outputs: { powerState: 'Power state of the node when the step ended' },
  target: (input) => `Ironic node ${input.node}`,
  run: (input, ctx) => import('./run/ironic-node-power.js').then((module) => module.run(input, ctx)),
});
