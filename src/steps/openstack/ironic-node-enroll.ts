import { defineStep } from '../runtime/step.js';
import { NodeEnrollInput } from './inputs/ironic-node-enroll.js';

export const nodeEnroll = defineStep({
  system: 'openstack',
  name: 'node-enroll',
  description:
    'Enroll a server in Ironic: create the node (driver, BMC address, user and the password from BMC_PASSWORD_FILE) ' +
    'unless one of that name exists, then a port for each MAC address it lacks; a second run resumes a half-done one',
  input: NodeEnrollInput,
  mutating: true,
  outputs: { nodeUuid: 'UUID of the Ironic node' },
  target: (input) => `Ironic node ${input.name}`,
  run: (input, ctx) => import('./run/ironic-node-enroll.js').then((module) => module.run(input, ctx)),
});
