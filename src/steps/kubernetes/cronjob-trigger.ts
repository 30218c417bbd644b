import { defineStep } from '../runtime/step.js';
import { CronJobTriggerInput } from './inputs/cronjob-trigger.js';

export const cronJobTrigger = defineStep({
  system: 'kubernetes',
  name: 'cronjob-trigger',
  description:
    'Run a CronJob now: create a Job from its jobTemplate as `kubectl create job --from=cronjob/<name>` does',
  input: CronJobTriggerInput,
  mutating: true,
  outputs: { jobName: 'Name of the Job created' },
  target: (input) => `CronJob ${input.namespace}/${input.cronJob} on ${input.cluster}`,
  run: (input, ctx) => import('./run/cronjob-trigger.js').then((module) => module.run(input, ctx)),
});
