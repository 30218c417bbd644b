import { ServersOnHostInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaHypervisorServers = defineAction({
  name: 'nova-hypervisor-servers',
  title: 'List the servers on a hypervisor, of every project',
  description: actionDescription({
    summary:
      'List every server on the compute host (all projects, every page): id, name, status, project and user, and ' +
      'the distinct project ids, the input of `keystone-project-contacts`.',
    changes: 'Nothing.',
    needs: openstackNeeds('Nova', "to list every project's servers by host (an admin)"),
    outputs: '`servers` (JSON), `projectIds` (JSON) and `result`.',
    example: { template: 'nova-hypervisor-servers', parameters: { host: 'compute-17' } },
  }),
  step: {
    system: 'openstack',
    name: 'servers-on-host',
    input: ServersOnHostInput,
    mutating: false,
    outputs: {
      servers: 'JSON list of the servers on the host: [{"id","name","status","projectId","userId"}]',
      projectIds: 'JSON list of the distinct project ids of those servers (the input of project-contacts)',
    },
  },
});
