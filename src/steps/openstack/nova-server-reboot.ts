import { defineStep } from '../runtime/step.js';
import { ServerRebootInput } from './inputs/nova-server-reboot.js';

export const serverReboot = defineStep({
  system: 'openstack',
  name: 'server-reboot',
  description: 'Reboot a Nova server (soft or hard) and wait until it is ACTIVE again',
  input: ServerRebootInput,
  mutating: true,
  target: (input) => `server ${input.server}`,
  run: (input, ctx) => import('./run/nova-server-reboot.js').then((module) => module.run(input, ctx)),
});
