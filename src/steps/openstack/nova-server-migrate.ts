import { defineStep } from '../runtime/step.js';
import { ServerMigrateInput } from './inputs/nova-server-migrate.js';

export const serverMigrate = defineStep({
  system: 'openstack',
  name: 'server-migrate',
  description: 'Move a Nova server to another host: live, or cold with the resize confirmed',
  input: ServerMigrateInput,
  mutating: true,
  outputs: { host: 'The host the server runs on afterwards' },
  target: (input) => `server ${input.server}`,
  run: (input, ctx) => import('./run/nova-server-migrate.js').then((module) => module.run(input, ctx)),
});
