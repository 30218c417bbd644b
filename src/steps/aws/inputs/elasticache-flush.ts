import * as z from 'zod';
import { Region } from './shared.js';

export const ElastiCacheFlushInput = z.strictObject({
  replicationGroup: z
    .string()
    .max(40)
    .regex(/^[A-Za-z](?:-?[A-Za-z0-9])*$/, 'must start with a letter and hold only letters, digits and single hyphens')
    .describe('ElastiCache replication group id (ReplicationGroupId), cluster mode disabled'),
  region: Region,
  user: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be an ElastiCache user name (letters, digits, "_", ".", "-")')
    .optional()
    .describe('ElastiCache RBAC user to AUTH as (default: the AUTH token alone, as the default user)'),
  commandTimeoutSeconds: z
    .number()
    .min(0.1)
    .max(300)
    .default(30)
    .describe('How long the TLS connection and each Redis command may take (then exit 75)'),
});

export type ElastiCacheFlushInput = z.infer<typeof ElastiCacheFlushInput>;
