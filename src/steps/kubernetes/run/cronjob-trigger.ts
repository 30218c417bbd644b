import { createHash, randomBytes } from 'node:crypto';
import { type CronJob, controllerOf, type Job, objectPath } from '../../../clients/kubernetes/resources.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { waitFor } from '../../runtime/wait.js';
import type { CronJobTriggerInput } from '../inputs/cronjob-trigger.js';
import { clusterWait, connectCluster } from './cluster.js';

export const INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

export async function run(input: CronJobTriggerInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  const label = `CronJob ${input.namespace}/${input.cronJob}`;
  const cronJob = await client.get<CronJob>(`read ${label}`, objectPath('CronJob', input.namespace, input.cronJob));
  const job = jobFromCronJob(cronJob, input.jobName ?? manualJobName(input.namespace, input.cronJob, ctx.env));
  const jobLabel = `Job ${input.namespace}/${job.metadata.name}`;
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `would create ${jobLabel} from ${label} on ${input.cluster}`,
      // The Job's metadata and its containers' images, not its spec: a jobTemplate may carry credentials in plain
      // env values, and details end up in result.json (an Argo output parameter) and the log.
      details: {
        job: { apiVersion: job.apiVersion, kind: job.kind, metadata: job.metadata },
        containers: containersOf(job),
      },
    };
  }

  const path = objectPath('Job', input.namespace, job.metadata.name);
  const created = await client.call(`create ${jobLabel} from ${label}`, {
    method: 'POST',
    path: objectPath('Job', input.namespace),
    json: job,
    // A fixed name: a repeated create cannot make a second Job, it gets 409 AlreadyExists.
    idempotent: true,
    expect: [409],
  });
  // 409: a Job of that name exists. Made from this CronJob (typically by an earlier attempt whose answer was
  // lost, or the same jobName given twice), it is the Job asked for; anything else is in the way.
  const existed = created.status === 409;
  if (existed) {
    const existing = await client.get<Job>(`read ${jobLabel}`, path);
    const owner = controllerOf(existing);
    if (owner?.kind !== 'CronJob' || owner.uid !== cronJob.metadata.uid) {
      throw new PreconditionError(`${jobLabel} already exists and was not created from ${label}`);
    }
  }
  await ctx.output('jobName', job.metadata.name);
  ctx.log.info(existed ? 'job-exists' : 'job-created', {
    namespace: input.namespace,
    job: job.metadata.name,
    cronJob: input.cronJob,
  });

  if (input.wait) {
    await waitFor(
      async () => jobProgress(await client.get<Job>(`read ${jobLabel}`, path)),
      clusterWait(ctx, `completion of ${jobLabel}`, input.timeoutSeconds),
    );
  }
  return {
    outcome: existed ? 'unchanged' : 'changed',
    message: `${existed ? `${jobLabel} from ${label} already exists` : `created ${jobLabel} from ${label}`} on ${input.cluster}${input.wait ? '; it completed' : ''}`,
    details: { jobName: job.metadata.name },
  };
}

/**
 * kubectl's createJobFromCronJob (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go): the jobTemplate's
 * labels and spec, its annotations over `cronjob.kubernetes.io/instantiate: manual`, and the CronJob as controller
 * owner (without blockOwnerDeletion, which would need the cronjobs/finalizers permission).
 */
export function jobFromCronJob(cronJob: CronJob, name: string): Job {
  const template = cronJob.spec.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata.namespace,
      annotations: { [INSTANTIATE_ANNOTATION]: 'manual', ...template.metadata?.annotations },
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJob.metadata.name,
          uid: cronJob.metadata.uid ?? '',
          controller: true,
        },
      ],
    },
    spec: template.spec,
  };
}

/**
 * `<cronjob>-manual-<5 hex chars>`, the CronJob name shortened so the whole stays a 63-character label value. In a
 * workflow the suffix is derived from the workflow's name (Argo sets ARGO_WORKFLOW_NAME in every step container), so
 * a retry of this step (after its wait timed out, exit 75) meets the Job its earlier attempt created (409 from the same
 * CronJob: unchanged) instead of starting a second run; elsewhere it is random.
 */
export function manualJobName(
  namespace: string,
  cronJob: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const workflow = env.ARGO_WORKFLOW_NAME;
  const suffix = (
    workflow
      ? createHash('sha256').update(`${workflow}\n${namespace}/${cronJob}`).digest('hex')
      : randomBytes(4).toString('hex')
  ).slice(0, 5);
  return `${cronJob.slice(0, 63 - '-manual-'.length - suffix.length).replace(/[-.]+$/, '')}-manual-${suffix}`;
}

/** The name and image of each container of a Job's pod template (what a dry run shows of its spec). */
function containersOf(job: Job): { name?: unknown; image?: unknown }[] {
  const spec = (job.spec as { template?: { spec?: { containers?: unknown } } }).template?.spec;
  const containers = Array.isArray(spec?.containers) ? (spec.containers as Record<string, unknown>[]) : [];
  return containers.map((container) => ({ name: container.name, image: container.image }));
}

function jobProgress(job: Job) {
  const status = job.status ?? {};
  const condition = (type: string) => status.conditions?.find((c) => c.type === type && c.status === 'True');
  const failed = condition('Failed');
  if (failed) {
    throw new PreconditionError(
      `Job ${job.metadata.namespace}/${job.metadata.name} failed: ${failed.reason ?? ''} ${failed.message ?? ''}`.trim(),
    );
  }
  const counts = `active ${status.active ?? 0}, succeeded ${status.succeeded ?? 0}, failed ${status.failed ?? 0}`;
  return condition('Complete') ? { done: true, message: `complete (${counts})` } : { done: false, message: counts };
}
