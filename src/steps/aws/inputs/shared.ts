import * as z from '../../../common/zod-mini.js';

/** RDS identifier rules (instances and snapshots): a letter first, then letters, digits and single hyphens. */
const rdsIdentifier = (max: number) =>
  z
    .string()
    .check(
      z.maxLength(max),
      z.regex(
        /^[A-Za-z](?:-?[A-Za-z0-9])*$/,
        'must start with a letter and hold only letters, digits and single hyphens',
      ),
    );

export const Instance = rdsIdentifier(63).check(z.describe('DB instance identifier (DBInstanceIdentifier)'));

export const Region = z
  .optional(
    z.string().check(z.maxLength(30), z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as "eu-west-1"')),
  )
  .check(z.describe('AWS region; default AWS_REGION'));

const Wait = z
  ._default(z.boolean(), true)
  .check(z.describe('Wait until the instance or snapshot reaches its target status'));

const TimeoutSeconds = z
  ._default(z.int().check(z.minimum(1), z.maximum(7200)), 1800)
  .check(z.describe('How long to wait before giving up (exit 75; running the step again resumes the wait)'));

const PollIntervalSeconds = z
  ._default(z.number().check(z.minimum(0.01), z.maximum(300)), 15)
  .check(z.describe('Seconds between two DescribeDBInstances/DescribeDBSnapshots polls while waiting'));

export const SnapshotIdentifier = rdsIdentifier(255).check(z.describe('DB snapshot identifier (DBSnapshotIdentifier)'));

export const waiting = { wait: Wait, timeoutSeconds: TimeoutSeconds, pollIntervalSeconds: PollIntervalSeconds };
