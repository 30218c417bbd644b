import { defineStep } from '../runtime/step.js';
import { ServersOnHostInput } from './inputs/nova-servers-on-host.js';

/**
 * Lists every server on a compute host, of every project (`GET /servers/detail?all_tenants=1&host=...`, an admin
 * listing, page by page through Nova's marker), for the maintenance runbook: whose servers does the host carry.
 */
export const serversOnHost = defineStep({
  system: 'openstack',
  name: 'servers-on-host',
  description: 'List the servers on a compute host, of every project: id, name, status, project id and user id',
  input: ServersOnHostInput,
  mutating: false,
  outputs: {
    servers: 'JSON list of the servers on the host: [{"id","name","status","projectId","userId"}]',
    projectIds: 'JSON list of the distinct project ids of those servers (the input of project-contacts)',
  },
  target: (input) => `servers on ${input.host}`,
  run: (input, ctx) => import('./run/nova-servers-on-host.js').then((module) => module.run(input, ctx)),
});
