import * as z from '../../../common/zod-mini.js';
import { ClusterName, Namespace, ObjectName } from './shared.js';

const TimeoutSeconds = z._default(z.int().check(z.minimum(1), z.maximum(86_400)), 600);

export const CronJobTriggerInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.check(z.describe('Namespace of the CronJob')),
  cronJob: ObjectName.check(z.describe('Name of the CronJob whose jobTemplate the Job is made from')),
  jobName: z
    .optional(ObjectName.check(z.maxLength(63)))
    .check(
      z.describe(
        'Name of the Job to create; default <cronJob>-manual-<suffix>, the suffix derived from the workflow name in Argo (so a retry finds its Job) and random elsewhere',
      ),
    ),
  wait: z._default(z.boolean(), false).check(z.describe('Wait until the Job completes or fails')),
  timeoutSeconds: TimeoutSeconds.check(z.describe('How long to wait for the Job')),
});

export type CronJobTriggerInput = z.infer<typeof CronJobTriggerInput>;
