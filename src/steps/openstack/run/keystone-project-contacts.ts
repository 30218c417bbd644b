import { mapLimit } from '../../../clients/http/index.js';
import { type EffectiveAssignment, type User, withStepErrors } from '../../../clients/openstack/index.js';
import { NotFoundError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ProjectContactsInput } from '../inputs/keystone-project-contacts.js';
import { connectKeystone } from './keystone-common.js';

/** A user with a role on a project, as the contacts output lists it. */
interface Contact {
  readonly userId: string;
  readonly name: string;
  readonly domain: string;
  /** Null when the user has no e-mail address in Keystone (then it is not in `emails`). */
  readonly email: string | null;
  readonly roles: string[];
}

/** Keystone calls in flight at once: a maintenance can touch a few hundred projects and users. */
const CONCURRENCY = 4;

export async function run(input: ProjectContactsInput, ctx: StepContext): Promise<StepResult> {
  const keystone = await connectKeystone(ctx);
  const projectIds = [...new Set(input.projects)];
  const wanted = new Set(input.roles);
  const users = new Map<string, Promise<User | undefined>>();
  const userOf = (id: string): Promise<User | undefined> => {
    let user = users.get(id);
    if (!user) {
      user = withStepErrors(`read user ${id}`, () => keystone.userById(id));
      users.set(id, user);
    }
    return user;
  };

  const found = await mapLimit(projectIds, CONCURRENCY, async (projectId) => {
    const project = await withStepErrors(`read project ${projectId}`, () =>
      keystone.project(projectId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
    );
    if (!project) {
      ctx.log.warn('project-not-found', { projectId });
      return undefined;
    }
    const assignments = await withStepErrors(`list the role assignments of project ${projectId}`, () =>
      keystone.effectiveAssignments(projectId),
    );
    const byUser = rolesByUser(assignments, wanted);
    const contacts = await mapLimit(byUser, CONCURRENCY, async ([userId, roles]): Promise<Contact | undefined> => {
      const user = await userOf(userId);
      if (!user || user.enabled === false) return undefined;
      return { userId, name: user.name, domain: roles.domain, email: user.email || null, roles: roles.names };
    });
    return {
      projectId,
      projectName: project.name,
      users: contacts
        .filter((contact) => contact !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId)),
    };
  });

  const contacts = found.filter((project) => project !== undefined);
  const missing = projectIds.filter((id) => !contacts.some((project) => project.projectId === id));
  const emails = [...new Set(contacts.flatMap((p) => p.users.flatMap((u) => (u.email ? [u.email] : []))))].sort();
  const withoutEmail = [...new Set(contacts.flatMap((p) => p.users.filter((u) => !u.email).map((u) => u.name)))];
  await ctx.output('contacts', contacts);
  await ctx.output('emails', emails);
  return {
    outcome: 'unchanged',
    message: `${emails.length} e-mail addresses for ${contacts.length} of ${projectIds.length} projects`,
    details: { projectsNotFound: missing, usersWithoutEmail: withoutEmail },
  };
}

/** Each user's role names on the project (sorted), keeping only the wanted roles when some are given. */
function rolesByUser(
  assignments: readonly EffectiveAssignment[],
  wanted: ReadonlySet<string>,
): [string, { domain: string; names: string[] }][] {
  const byUser = new Map<string, { domain: string; names: string[] }>();
  for (const assignment of assignments) {
    if (wanted.size > 0 && !wanted.has(assignment.role.name)) continue;
    const entry = byUser.get(assignment.user.id) ?? { domain: assignment.user.domain.name, names: [] };
    if (!entry.names.includes(assignment.role.name)) entry.names.push(assignment.role.name);
    byUser.set(assignment.user.id, entry);
  }
  for (const entry of byUser.values()) entry.names.sort();
  return [...byUser];
}
