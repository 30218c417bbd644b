import * as z from 'zod';

/**
 * Input schemas of the Kubernetes/OpenShift steps. Each one is also the WorkflowTemplate parameters of the actions
 * that run the step and what `opsflow run` validates, so it is declared once here.
 */

const ClusterName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .describe('Cluster name from the site configuration');
const Namespace = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63)
  .describe('Namespace of the workload');
const ObjectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)
  .max(253)
  .describe('Name of the object');

export const WorkloadRestartInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']).describe('Kind of the workload to restart'),
  name: ObjectName,
  wait: z.boolean().default(true).describe('Wait until the rollout completes (or the pod is replaced)'),
  timeoutSeconds: z.number().int().min(1).max(3600).default(600).describe('How long to wait for the rollout'),
  minIntervalMinutes: z
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(0)
    .describe(
      'Refuse (exit 3) to restart a workload restarted less than this many minutes ago (its kubectl.kubernetes.io/restartedAt); 0 = no cool-down; not for kind Pod',
    ),
});
export type WorkloadRestartInput = z.infer<typeof WorkloadRestartInput>;

/** Every kind `workload-delete` knows; the site's `kubernetes.deletableKinds` narrows it (`OPSFLOW_DELETABLE_KINDS`). */
export const DeletableKind = z.enum(['Pod', 'Job', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);
export type DeletableKind = z.infer<typeof DeletableKind>;

export const WorkloadDeleteInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: DeletableKind.describe('Kind of the object to delete; only kinds the site allows (kubernetes.deletableKinds)'),
  name: ObjectName,
});
export type WorkloadDeleteInput = z.infer<typeof WorkloadDeleteInput>;

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

export const PodLogsInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  kind: z
    .enum(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'])
    .default('Pod')
    .describe('A Pod, or a workload whose pods (by spec.selector.matchLabels) are all read'),
  name: ObjectName,
  container: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .optional()
    .describe('Only this container; default every container of each pod'),
  previous: z.boolean().default(false).describe('Logs of the previous (crashed) container instead of the running one'),
  tailLines: z.number().int().min(1).max(100_000).optional().describe('Only the last lines of each container'),
  sinceSeconds: z.number().int().min(1).optional().describe('Only lines newer than this many seconds'),
});
export type PodLogsInput = z.infer<typeof PodLogsInput>;

export const JavaHeapDumpInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of the pod running the JVM'),
  container: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .optional()
    .describe("Container running the JVM; default the pod's first container"),
  pid: z.number().int().min(1).optional().describe('JVM process id; default the only JVM `jcmd -l` lists'),
  directory: z
    .string()
    .max(1024)
    .regex(/^\/[\w./-]*$/)
    .default('/tmp')
    .describe('Directory in the container the dump is written to before it is copied out and removed'),
});
export type JavaHeapDumpInput = z.infer<typeof JavaHeapDumpInput>;

export const PodStatusInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of the pod, e.g. the `pod` label of a KubePodCrashLooping alert'),
  tailLines: z
    .number()
    .int()
    .min(1)
    .max(200)
    .default(30)
    .describe('Last lines of the previous (crashed) instance of the most restarted container, in `logTail`'),
});
export type PodStatusInput = z.infer<typeof PodStatusInput>;

export const RolloutStatusInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of a pod of the workload, e.g. the `pod` label of an alert'),
});
export type RolloutStatusInput = z.infer<typeof RolloutStatusInput>;

export const NodeConditionsInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace,
  pod: ObjectName.describe('Name of a pod: the node it is scheduled on is read'),
});
export type NodeConditionsInput = z.infer<typeof NodeConditionsInput>;

export const RunGuardInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.describe('Namespace of the Workflow'),
  workflow: ObjectName.describe('Name of the Workflow whose run is counted'),
  action: ObjectName.describe('The action the Workflow runs'),
  limits: z
    .string()
    .min(2)
    // The template writes it from the site's roles: a few hundred bytes per role.
    .max(65_536)
    .describe(
      'The action\'s run limits by role, as JSON: {"<role>": {"perCaller": {"runs", "window"}, "overall": ...}}',
    ),
  approvals: z
    .string()
    .min(2)
    .max(65_536)
    .describe(
      'The action\'s approval terms by role ("*": any other run), as JSON: {"<role>": {"by": [roles], "selfApproval", "timeout"}}',
    ),
});
export type RunGuardInput = z.infer<typeof RunGuardInput>;

export const ApprovalCheckInput = z.strictObject({
  cluster: ClusterName,
  namespace: Namespace.describe('Namespace of the Workflow'),
  workflow: ObjectName.describe('Name of the Workflow whose approval is checked'),
  node: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[a-z0-9][-a-z0-9.]*$/)
    .describe('Id of the approval (suspend) node in the Workflow status'),
  terms: z
    .string()
    .min(2)
    .max(4096)
    .describe('The approval terms of the run, as JSON: {"by": [roles], "selfApproval": bool, "timeout": "30m"}'),
});
export type ApprovalCheckInput = z.infer<typeof ApprovalCheckInput>;
