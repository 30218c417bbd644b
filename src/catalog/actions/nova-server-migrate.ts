import { ServerMigrateInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaServerMigrate = defineAction({
  name: 'nova-server-migrate',
  title: 'Move a Nova server to another host',
  description: actionDescription({
    summary:
      'Live-migrate a server, or cold-migrate it (the server restarts) and confirm the resize, to `targetHost` or ' +
      'where the scheduler chooses, and wait until it runs there. A move a stopped run left behind is finished.',
    changes: 'the server runs on another compute host; a cold migration restarts it.',
    needs: openstackNeeds('Nova', 'to migrate servers, live and cold, and confirm resizes (an admin)'),
    outputs: '`host` (where the server runs afterwards) and `result`.',
    example: {
      template: 'nova-server-migrate',
      parameters: { server: '9a7b3c1e-5d2f-4e8a-b6c0-1f2e3d4c5b6a', mode: 'live' },
    },
  }),
  step: {
    system: 'openstack',
    name: 'server-migrate',
    input: ServerMigrateInput,
    mutating: true,
    outputs: { host: 'The host the server runs on afterwards' },
  },
  // One change per server at a time, shared with nova-server-reboot; at most five migrations across the site (each
  // copies the server's memory, and with block migration its disks, over the network).
  mutex: { prefix: 'nova-server', by: ['server'] },
  maxParallel: 5,
});
