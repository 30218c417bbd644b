import { defineStep } from '../runtime/step.js';
import { RoleAssignInput } from './inputs/keystone-role-assign.js';

export const roleAssign = defineStep({
  system: 'openstack',
  name: 'role-assign',
  description: 'Give a Keystone user or group a role on a project or a domain (nothing happens when it already has it)',
  input: RoleAssignInput,
  mutating: true,
  target: (input) =>
    `${input.user ? `user ${input.user}` : `group ${input.group}`} on ${input.project ? `project ${input.project}` : `domain ${input.domain}`}`,
  run: (input, ctx) => import('./run/keystone-role-assign.js').then((module) => module.run(input, ctx)),
});
