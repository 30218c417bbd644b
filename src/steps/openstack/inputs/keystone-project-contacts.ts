import * as z from 'zod';
import { KeystoneName } from './shared.js';

/** Keystone ids are 32 hexadecimal digits (uuid4 hex) by default; other id generators use letters, digits and "-". */
const ProjectId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a Keystone project id (letters, digits, "_", "-")')
  .describe('Keystone project id');

export const ProjectContactsInput = z.strictObject({
  projects: z
    .array(ProjectId)
    .min(1)
    .max(200)
    .describe('Project ids (JSON array), e.g. the projectIds output of servers-on-host'),
  roles: z
    .array(KeystoneName('Role name'))
    .default([])
    .describe('Only users with one of these roles count as contacts (JSON array; default: any role)'),
});

export type ProjectContactsInput = z.infer<typeof ProjectContactsInput>;
