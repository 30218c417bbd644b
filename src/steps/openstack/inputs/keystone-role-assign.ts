import * as z from '../../../common/zod-mini.js';
import { KeystoneName } from './keystone.js';

export const RoleAssignInput = z
  .strictObject({
    role: KeystoneName('Role name, e.g. member or reader'),
    user: z.optional(KeystoneName('User who gets the role (or use group)')),
    group: z.optional(KeystoneName('Group that gets the role (or use user)')),
    actorDomain: z._default(KeystoneName('Domain of the user or group'), 'Default'),
    project: z.optional(KeystoneName('Project the role applies to (or use domain)')),
    projectDomain: z._default(KeystoneName('Domain of the project'), 'Default'),
    domain: z.optional(KeystoneName('Domain the role applies to (or use project)')),
  })
  .check(
    z.superRefine((input, ctx) => {
      if ((input.user === undefined) === (input.group === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['user'], message: 'give exactly one of user or group' });
      }
      if ((input.project === undefined) === (input.domain === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['project'], message: 'give exactly one of project or domain' });
      }
    }),
  );

export type RoleAssignInput = z.infer<typeof RoleAssignInput>;
