import { defineStep } from '../runtime/step.js';
import { NodeRecleanInput } from './inputs/ironic-node-reclean.js';

export const nodeReclean = defineStep({
  system: 'openstack',
  name: 'node-reclean',
  description:
    'Recover an Ironic node from "clean failed": manage it, optionally run manual clean steps, provide it again; ' +
    'at most maxAttempts rounds, so a node that keeps failing ends the step instead of looping',
  input: NodeRecleanInput,
  mutating: true,
  outputs: { provisionState: 'Provision state of the node when the step ended' },
  target: (input) => `Ironic node ${input.node}`,
  run: (input, ctx) => import('./run/ironic-node-reclean.js').then((module) => module.run(input, ctx)),
});
