import * as z from '../../../common/zod-mini.js';
import { Region } from './shared.js';

export const ElastiCacheFlushInput = z.strictObject({
  replicationGroup: z
    .string()
    .check(
      z.maxLength(40),
      z.regex(
        /^[A-Za-z](?:-?[A-Za-z0-9])*$/,
        'must start with a letter and hold only letters, digits and single hyphens',
      ),
      z.describe('ElastiCache replication group id (ReplicationGroupId), cluster mode disabled'),
    ),
  region: Region,
  user: z
    .optional(
      z
        .string()
        .check(
          z.minLength(1),
          z.maxLength(120),
          z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be an ElastiCache user name (letters, digits, "_", ".", "-")'),
        ),
    )
    .check(z.describe('ElastiCache RBAC user to AUTH as (default: the AUTH token alone, as the default user)')),
  commandTimeoutSeconds: z
    ._default(z.number().check(z.minimum(0.1), z.maximum(300)), 30)
    .check(z.describe('How long the TLS connection and each Redis command may take (then exit 75)')),
});

export type ElastiCacheFlushInput = z.infer<typeof ElastiCacheFlushInput>;
