import * as z from '../../../common/zod-mini.js';
import { KeystoneName } from './keystone.js';

/** Keystone ids are 32 hexadecimal digits (uuid4 hex) by default; other id generators use letters, digits and "-". */
const ProjectId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9_-]+$/, 'must be a Keystone project id (letters, digits, "_", "-")'),
    z.describe('Keystone project id'),
  );

export const ProjectContactsInput = z.strictObject({
  projects: z
    .array(ProjectId)
    .check(
      z.minLength(1),
      z.maxLength(200),
      z.describe('Project ids (JSON array), e.g. the projectIds output of servers-on-host'),
    ),
  roles: z
    ._default(z.array(KeystoneName('Role name')), [])
    .check(z.describe('Only users with one of these roles count as contacts (JSON array; default: any role)')),
});

export type ProjectContactsInput = z.infer<typeof ProjectContactsInput>;
