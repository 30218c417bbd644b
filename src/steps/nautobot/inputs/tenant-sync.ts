import * as z from 'zod';

export const TenantSyncInput = z.strictObject({
  projectId: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Keystone project id')
    .describe('Keystone project id'),
  deleteIfMissing: z
    .boolean()
    .default(false)
    .describe('Delete the tenant when the project no longer exists in Keystone (default: keep it and warn)'),
});

export type TenantSyncInput = z.infer<typeof TenantSyncInput>;
