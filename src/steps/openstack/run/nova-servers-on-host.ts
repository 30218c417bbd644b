import { collect } from '../../../clients/http/index.js';
import { withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ServersOnHostInput } from '../inputs/nova-servers-on-host.js';
import { connectNova } from './nova-common.js';

export async function run(input: ServersOnHostInput, ctx: StepContext): Promise<StepResult> {
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
}
