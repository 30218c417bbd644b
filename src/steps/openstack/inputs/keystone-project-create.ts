import * as z from '../../../common/zod-mini.js';
import { KeystoneName } from './keystone.js';

export const ProjectCreateInput = z.strictObject({
  name: KeystoneName('Project name (unique within its domain)').check(
    z.refine((name) => name.length <= 64, 'must be at most 64 characters (Keystone project names)'),
  ),
  domain: z._default(KeystoneName('Domain of the project, by name or id'), 'Default'),
  description: z._default(z.string().check(z.maxLength(1000)), '').check(z.describe('Project description')),
  users: z
    ._default(z.array(KeystoneName('User name')), [])
    .check(z.describe('Users (in the project domain) who get every role in "roles" on the project (JSON array)')),
  groups: z
    ._default(z.array(KeystoneName('Group name')), [])
    .check(z.describe('Groups (in the project domain) that get every role in "roles" on the project (JSON array)')),
  roles: z
    ._default(z.array(KeystoneName('Role name')).check(z.minLength(1)), ['member'])
    .check(z.describe('Roles given to the users and groups (JSON array)')),
  quota: z
    .optional(
      z.strictObject({
        instances: z.optional(z.int().check(z.minimum(-1))).check(z.describe('Servers (-1: unlimited)')),
        cores: z.optional(z.int().check(z.minimum(-1))).check(z.describe('vCPUs (-1: unlimited)')),
        ramMb: z.optional(z.int().check(z.minimum(-1))).check(z.describe('RAM in MiB (-1: unlimited)')),
      }),
    )
    .check(
      z.describe('Compute quota of the project (Nova os-quota-sets), e.g. {"instances":10,"cores":20,"ramMb":51200}'),
    ),
});

export type ProjectCreateInput = z.infer<typeof ProjectCreateInput>;
