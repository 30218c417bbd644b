import * as z from 'zod';
import { KeystoneName } from './shared.js';

export const ProjectCreateInput = z.strictObject({
  name: KeystoneName('Project name (unique within its domain)').refine(
    (name) => name.length <= 64,
    'must be at most 64 characters (Keystone project names)',
  ),
  domain: KeystoneName('Domain of the project, by name or id').default('Default'),
  description: z.string().max(1000).default('').describe('Project description'),
  users: z
    .array(KeystoneName('User name'))
    .default([])
    .describe('Users (in the project domain) who get every role in "roles" on the project (JSON array)'),
  groups: z
    .array(KeystoneName('Group name'))
    .default([])
    .describe('Groups (in the project domain) that get every role in "roles" on the project (JSON array)'),
  roles: z
    .array(KeystoneName('Role name'))
    .min(1)
    .default(['member'])
    .describe('Roles given to the users and groups (JSON array)'),
  quota: z
    .strictObject({
      instances: z.number().int().min(-1).optional().describe('Servers (-1: unlimited)'),
      cores: z.number().int().min(-1).optional().describe('vCPUs (-1: unlimited)'),
      ramMb: z.number().int().min(-1).optional().describe('RAM in MiB (-1: unlimited)'),
    })
    .optional()
    .describe('Compute quota of the project (Nova os-quota-sets), e.g. {"instances":10,"cores":20,"ramMb":51200}'),
});

export type ProjectCreateInput = z.infer<typeof ProjectCreateInput>;
