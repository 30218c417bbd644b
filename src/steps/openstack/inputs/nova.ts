// Nova servers, compute hosts and services.
// The fields several OpenStack steps share are one module per concern: a bundle loads whole modules, so a
// step's program builds the shared schemas it uses and no others.
import * as z from '../../../common/zod-mini.js';
import { PollIntervalSeconds } from './waiting.js';

export const ServerId = z
  .uuid({ message: 'must be a Nova server UUID' })
  .check(z.maxLength(36), z.describe('Nova server UUID'));

export const ServerPollIntervalSeconds = PollIntervalSeconds.check(
  z.describe('Seconds between two reads of the server while waiting'),
);

/** A compute host as Nova names it (`OS-EXT-SRV-ATTR:host`, `openstack compute service list`). */
export const ComputeHost = (what: string) =>
  z
    .string()
    .check(
      z.maxLength(255),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a compute host name (letters, digits, ".", "_", "-")'),
      z.describe(what),
    );

export const ServiceReason = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(255),
    z.describe('Why the compute service is disabled (Nova disabled_reason, shown in `openstack compute service list`)'),
  );

export const BlockMigration = z
  ._default(z.enum(['auto', 'true', 'false']), 'auto')
  .check(z.describe('Live migration block_migration: auto (Nova decides, microversion >= 2.25), true or false'));
