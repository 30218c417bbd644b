import { defineStep } from '../runtime/step.js';
import { NodeProvisionInput } from './inputs/ironic-node-provision.js';

export const nodeProvision = defineStep({
  system: 'openstack',
  name: 'node-provision',
  description:
    'Move an Ironic node through its provision states (manage, provide, inspect, clean, rebuild) and wait for the ' +
    'target state; fails at once on a failure state such as "clean failed", with Ironic\'s last_error',
  input: NodeProvisionInput,
  mutating: true,
  outputs: { provisionState: 'Provision state of the node when the step ended' },
  target: (input) => `Ironic node ${input.node}`,
  run: (input, ctx) => import('./run/ironic-node-provision.js').then((module) => module.run(input, ctx)),
});
