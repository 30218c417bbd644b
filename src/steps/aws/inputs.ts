import * as z from 'zod';

/**
 * Input schemas of the AWS RDS steps. Each one is also the WorkflowTemplate parameters of the actions that run the
 * step and what `opsflow run` validates, so it is declared once here.
 */

/** RDS identifier rules (instances and snapshots): a letter first, then letters, digits and single hyphens. */
const rdsIdentifier = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z](?:-?[A-Za-z0-9])*$/, 'must start with a letter and hold only letters, digits and single hyphens');

const Instance = rdsIdentifier(63).describe('DB instance identifier (DBInstanceIdentifier)');
const Region = z
  .string()
  .max(30)
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as "eu-west-1"')
  .optional()
  .describe('AWS region; default AWS_REGION');
const Wait = z.boolean().default(true).describe('Wait until the instance or snapshot reaches its target status');
const TimeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(7200)
  .default(1800)
  .describe('How long to wait before giving up (exit 75; running the step again resumes the wait)');
const PollIntervalSeconds = z
  .number()
  .min(0.01)
  .max(300)
  .default(15)
  .describe('Seconds between two DescribeDBInstances/DescribeDBSnapshots polls while waiting');
const SnapshotIdentifier = rdsIdentifier(255).describe('DB snapshot identifier (DBSnapshotIdentifier)');

const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };

export const RdsRebootInput = z.strictObject({
  instance: Instance,
  region: Region,
  forceFailover: z
    .boolean()
    .default(false)
    .describe('Reboot with a failover to the standby; only valid for a Multi-AZ instance'),
  ...waiting,
});
export type RdsRebootInput = z.infer<typeof RdsRebootInput>;

export const RdsStartInput = z.strictObject({ instance: Instance, region: Region, ...waiting });
export type RdsStartInput = z.infer<typeof RdsStartInput>;

export const RdsStopInput = z.strictObject({
  instance: Instance,
  region: Region,
  snapshotIdentifier: SnapshotIdentifier.optional().describe(
    'Take a DB snapshot with this identifier right before the instance stops',
  ),
  ...waiting,
});
export type RdsStopInput = z.infer<typeof RdsStopInput>;

export const RdsSnapshotInput = z.strictObject({
  instance: Instance,
  region: Region,
  snapshotIdentifier: SnapshotIdentifier.optional().describe(
    'Snapshot identifier; default <instance>-opsflow-<UTC timestamp>. Pass a fixed one (e.g. the workflow name) so a retry finds the snapshot it already started',
  ),
  ...waiting,
});
export type RdsSnapshotInput = z.infer<typeof RdsSnapshotInput>;

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
