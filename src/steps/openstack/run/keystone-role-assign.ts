import { type RoleAssignment, withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { RoleAssignInput } from '../inputs/keystone-role-assign.js';
import { connectKeystone } from './keystone-common.js';

export async function run(input: RoleAssignInput, ctx: StepContext): Promise<StepResult> {
  const keystone = await connectKeystone(ctx);
  const actorLabel = input.user ? `user ${input.user}` : `group ${input.group}`;
  const targetLabel = input.project ? `project ${input.project}` : `domain ${input.domain}`;
  // Resolve every name first: a typo fails here (exit 3) before anything changes.
  const assignment = await withStepErrors(`resolve ${actorLabel}, ${targetLabel} and role ${input.role}`, async () => {
    const role = await keystone.role(input.role);
    const actorDomain = await keystone.domain(input.actorDomain);
    const actor = input.user
      ? { user: (await keystone.user(input.user, actorDomain.id)).id }
      : { group: (await keystone.group(input.group!, actorDomain.id)).id };
    let target: RoleAssignment['target'];
    if (input.project) {
      const projectDomain = await keystone.domain(input.projectDomain);
      target = { project: (await keystone.project(input.project, projectDomain.id)).id };
    } else {
      target = { domain: (await keystone.domain(input.domain!)).id };
    }
    return { roleId: role.id, actor, target } satisfies RoleAssignment;
  });
  const change = `give ${actorLabel} role ${input.role} on ${targetLabel}`;
  const details = { role: input.role, roleId: assignment.roleId, ...assignment.actor, ...assignment.target };
  // HEAD first: a repeated PUT would change nothing but still emit an identity.role_assignment.created notification.
  if (await withStepErrors('check the role assignment', () => keystone.hasRole(assignment))) {
    return {
      outcome: 'unchanged',
      message: `${actorLabel} already has role ${input.role} on ${targetLabel}`,
      details,
    };
  }
  if (ctx.dryRun) return { outcome: 'dry-run', message: `would ${change}`, details };
  await withStepErrors(change, () => keystone.assignRole(assignment));
  return { outcome: 'changed', message: `${actorLabel} has role ${input.role} on ${targetLabel}`, details };
}
