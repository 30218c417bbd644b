import { HttpError } from '../../../clients/http/index.js';
import {
  ComputeClient,
  type IdentityClient,
  isAnswerLost,
  openstackStepError,
  type Project,
  type RoleAssignment,
  withStepErrors,
} from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ProjectCreateInput } from '../inputs/keystone-project-create.js';
import { connectKeystone } from './keystone-common.js';

type Quota = NonNullable<ProjectCreateInput['quota']>;
/** Input quota key → Nova `quota_set` key. */
const NOVA_QUOTA_KEYS = { instances: 'instances', cores: 'cores', ramMb: 'ram' } as const;
/**
 * `os-quota-sets` reads and writes `instances`, `cores` and `ram` alike at every microversion: the base one (what
 * Nova assumes without the header) needs no version discovery request.
 */
const QUOTA_MICROVERSION = '2.1';

export async function run(input: ProjectCreateInput, ctx: StepContext): Promise<StepResult> {
  const keystone = await connectKeystone(ctx);
  // Resolve every name first: a typo fails here (exit 3) before anything is created.
  const { domain, roles, actors, nova } = await withStepErrors(
    'resolve the domain, roles, users and groups',
    async () => {
      const domain = await keystone.domain(input.domain);
      const roles = await Promise.all(input.roles.map((name) => keystone.role(name)));
      const users = await Promise.all(input.users.map((name) => keystone.user(name, domain.id)));
      const groups = await Promise.all(input.groups.map((name) => keystone.group(name, domain.id)));
      // A quota needs Nova: a cloud without it fails now, before the project exists.
      const nova = input.quota
        ? await ComputeClient.connect(keystone.cloud, { microversion: QUOTA_MICROVERSION })
        : undefined;
      const actors = [
        ...users.map((user) => ({ label: `user ${user.name}`, actor: { user: user.id } })),
        ...groups.map((group) => ({ label: `group ${group.name}`, actor: { group: group.id } })),
      ];
      return { domain, roles, actors, nova };
    },
  );
  const existing = await withStepErrors(`find project ${input.name}`, () =>
    keystone.findProject(input.name, domain.id),
  );

  const wanted = actors.flatMap(({ label, actor }) =>
    roles.map((role) => ({ label, role: role.name, roleId: role.id, actor })),
  );
  const missing = existing
    ? await withStepErrors('check role assignments', async () => {
        const held = await Promise.all(
          wanted.map((grant) => keystone.hasRole({ ...grant, target: { project: existing.id } })),
        );
        return wanted.filter((_, i) => !held[i]);
      })
    : wanted;
  const quotaChanges = nova && input.quota ? await quotaDifference(nova, existing, input.quota) : {};
  const changes = [
    ...(existing ? [] : [`create project ${input.name} in domain ${domain.name}`]),
    ...missing.map((grant) => `give ${grant.label} role ${grant.role}`),
    ...(Object.keys(quotaChanges).length > 0 ? [`set compute quota ${JSON.stringify(quotaChanges)}`] : []),
  ];
  const details = {
    projectId: existing?.id,
    domainId: domain.id,
    changes,
  };
  if (changes.length === 0) {
    await ctx.output('projectId', existing!.id);
    return { outcome: 'unchanged', message: `project ${input.name} is as requested`, details };
  }
  if (ctx.dryRun) return { outcome: 'dry-run', message: `would ${changes.join('; ')}`, details };

  const project = existing ?? (await createProject(keystone, input, domain.id));
  await ctx.output('projectId', project.id);
  for (const grant of missing) {
    const assignment: RoleAssignment = { roleId: grant.roleId, actor: grant.actor, target: { project: project.id } };
    await withStepErrors(`give ${grant.label} role ${grant.role} on project ${input.name}`, () =>
      keystone.assignRole(assignment),
    );
  }
  if (nova && Object.keys(quotaChanges).length > 0) {
    await withStepErrors(`set the compute quota of project ${input.name}`, () =>
      nova.setQuota(project.id, quotaChanges),
    );
  }
  ctx.log.info('project-ready', { project: project.id, changes });
  return {
    outcome: 'changed',
    message: `project ${input.name}: ${changes.join('; ')}`,
    details: { ...details, projectId: project.id },
  };
}

async function createProject(keystone: IdentityClient, input: ProjectCreateInput, domainId: string): Promise<Project> {
  try {
    return await keystone.createProject({ name: input.name, domainId, description: input.description });
  } catch (error) {
    // 409: created by someone else since we looked (a concurrent run); the project exists, which is what we want.
    if (error instanceof HttpError && error.status === 409) {
      return withStepErrors(`find project ${input.name}`, () => keystone.project(input.name, domainId));
    }
    // A lost answer (the POST is not repeated): Keystone may have created it; its name in the domain is unique.
    if (isAnswerLost(error)) {
      const created = await withStepErrors(`find project ${input.name}`, () =>
        keystone.findProject(input.name, domainId),
      );
      if (created) return created;
    }
    throw openstackStepError(error, `create project ${input.name}`);
  }
}

/** The Nova quota values that differ from the wish (all of them for a project that does not exist yet). */
async function quotaDifference(
  nova: ComputeClient,
  project: Project | undefined,
  quota: Quota,
): Promise<Record<string, number>> {
  const wanted = Object.fromEntries(
    Object.entries(quota).map(([key, value]) => [NOVA_QUOTA_KEYS[key as keyof Quota], value as number]),
  );
  if (!project) return wanted;
  const current = await withStepErrors('read the compute quota', () => nova.quota(project.id));
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
}
