import { CronJobTriggerInput } from '../../steps/kubernetes/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const openshiftTriggerCronjob = defineAction({
  name: 'openshift-trigger-cronjob',
  title: 'Run an OpenShift/Kubernetes CronJob now',
  description: actionDescription({
    summary:
      "Create a Job from a CronJob's jobTemplate, as `kubectl create job --from=cronjob/<name>` does, and " +
      'optionally wait until it completes. A retry finds the Job its first attempt made instead of starting another.',
    changes: "one Job created in the CronJob's namespace, owned by the CronJob.",
    needs:
      "the cluster named by `cluster` in the site configuration (its kubeconfig Secret, or this template's " +
      'ServiceAccount on the in-cluster one) allowed to get the CronJob and to create and get Jobs.',
    outputs: "`jobName` (the Job created) and `result` (the step's result.json).",
    example: {
      template: 'openshift-trigger-cronjob',
      parameters: { cluster: 'prod-ocp', namespace: 'shop', cronJob: 'nightly-report', wait: 'true' },
    },
  }),
  step: {
    system: 'kubernetes',
    name: 'cronjob-trigger',
    input: CronJobTriggerInput,
    mutating: true,
    outputs: { jobName: 'Name of the Job created' },
  },
  // A CronJob's concurrencyPolicy does not apply to Jobs made by hand: one manual run per CronJob at a time.
  mutex: { prefix: 'kubernetes-cronjob', by: ['cluster', 'namespace', 'cronJob'] },
  // Exactly the calls of src/steps/kubernetes/cronjob-trigger.ts: read the CronJob, create the Job, read it (after
  // a 409, and while waiting).
  inClusterAccess: [
    { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get'] },
    { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get'] },
  ],
});
