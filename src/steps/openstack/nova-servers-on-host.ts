import { collect } from '../../clients/http/index.js';
import { withStepErrors } from '../../clients/openstack/index.js';
import { defineStep } from '../runtime/step.js';
import { ServersOnHostInput } from './inputs/nova-servers-on-host.js';
import { connectNova } from './nova-common.js';

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
  async run(input, ctx) {
    const nova = await connectNova(ctx);
    // A host Nova does not know would list no servers: a typo must not look like an empty host.
    await withStepErrors(`find nova-compute on ${input.host}`, () => nova.computeService(input.host));
    const listed = await withStepErrors(`list the servers on ${input.host}`, () =>
      collect(nova.serversOnHost(input.host, input.pageSize)),
    );
    const servers = listed.map((server) => ({
      id: server.id,
      name: server.name,
      status: server.status,
      projectId: server.tenant_id ?? null,
      userId: server.user_id ?? null,
    }));
    const projectIds = [...new Set(servers.flatMap((server) => (server.projectId ? [server.projectId] : [])))].sort();
    await ctx.output('servers', servers);
    await ctx.output('projectIds', projectIds);
    return {
      outcome: 'unchanged',
      message: `${servers.length} servers of ${projectIds.length} projects on ${input.host}`,
      details: { count: servers.length, projectIds },
    };
  },
});
