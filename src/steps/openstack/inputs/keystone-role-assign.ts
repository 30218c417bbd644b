import * as z from 'zod';
import { KeystoneName } from './shared.js';

export const RoleAssignInput = z
  .strictObject({
    role: KeystoneName('Role name, e.g. member or reader'),
    user: KeystoneName('User who gets the role (or use group)').optional(),
    group: KeystoneName('Group that gets the role (or use user)').optional(),
    actorDomain: KeystoneName('Domain of the user or group').default('Default'),
    project: KeystoneName('Project the role applies to (or use domain)').optional(),
    projectDomain: KeystoneName('Domain of the project').default('Default'),
    domain: KeystoneName('Domain the role applies to (or use project)').optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.user === undefined) === (input.group === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'give exactly one of user or group' });
    }
    if ((input.project === undefined) === (input.domain === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['project'], message: 'give exactly one of project or domain' });
    }
  });

export type RoleAssignInput = z.infer<typeof RoleAssignInput>;
