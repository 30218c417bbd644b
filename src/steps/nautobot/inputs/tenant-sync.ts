import * as z from '../../../common/zod-mini.js';

export const TenantSyncInput = z.strictObject({
  projectId: z
    .string()
    .check(
      z.maxLength(64),
      z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Keystone project id'),
      z.describe('Keystone project id'),
    ),
  deleteIfMissing: z
    ._default(z.boolean(), false)
    .check(z.describe('Delete the tenant when the project no longer exists in Keystone (default: keep it and warn)')),
});

export type TenantSyncInput = z.infer<typeof TenantSyncInput>;
