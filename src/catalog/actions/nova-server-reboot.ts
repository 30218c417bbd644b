import { ServerRebootInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaServerReboot = defineAction({
  name: 'nova-server-reboot',
  title: 'Reboot a Nova server',
  description: actionDescription({
    summary:
      'Reboot a server, SOFT (the guest OS shuts down) or HARD (power cycle; also recovers SHUTOFF, ERROR, PAUSED ' +
      'and SUSPENDED servers), and wait until it is ACTIVE again. A reboot already under way is only waited for.',
    changes: 'the server reboots.',
    needs: openstackNeeds('Nova', "to reboot the server (any project's: an admin)"),
    outputs: '`result`.',
    example: {
      template: 'nova-server-reboot',
      parameters: { server: '9a7b3c1e-5d2f-4e8a-b6c0-1f2e3d4c5b6a', type: 'HARD' },
    },
  }),
  step: { system: 'openstack', name: 'server-reboot', input: ServerRebootInput, mutating: true },
  // One change per server at a time, shared with nova-server-migrate (Nova refuses a reboot during a move).
  mutex: { prefix: 'nova-server', by: ['server'] },
});
