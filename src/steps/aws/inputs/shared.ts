import * as z from 'zod';

/** RDS identifier rules (instances and snapshots): a letter first, then letters, digits and single hyphens. */
const rdsIdentifier = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z](?:-?[A-Za-z0-9])*$/, 'must start with a letter and hold only letters, digits and single hyphens');

export const Instance = rdsIdentifier(63).describe('DB instance identifier (DBInstanceIdentifier)');

export const Region = z
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

export const SnapshotIdentifier = rdsIdentifier(255).describe('DB snapshot identifier (DBSnapshotIdentifier)');

export const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };
