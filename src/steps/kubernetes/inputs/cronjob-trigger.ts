import * as z from 'zod';
import { ClusterName, Namespace, ObjectName } from './shared.js';

const TimeoutSeconds = z.number().int().min(1).max(86_400).default(600);

export const CronJobTriggerInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.describe('Namespace of the CronJob'),
  cronJob: ObjectName.describe('Name of the CronJob whose jobTemplate the Job is made from'),
  jobName: ObjectName.max(63)
    .optional()
    .describe(
      'Name of the Job to create; default <cronJob>-manual-<suffix>, the suffix derived from the workflow name in Argo (so a retry finds its Job) and random elsewhere',
    ),
  wait: z.boolean().default(false).describe('Wait until the Job completes or fails'),
  timeoutSeconds: TimeoutSeconds.describe('How long to wait for the Job'),
});

export type CronJobTriggerInput = z.infer<typeof CronJobTriggerInput>;
