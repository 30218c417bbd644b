import type { KubernetesClient } from '../../../clients/kubernetes/client.js';
import { controllerOf, type List, objectPath, type Pod, type Workload } from '../../../clients/kubernetes/resources.js';
import { requireRollingUpdate, rolloutStatus, type WorkloadKind } from '../../../clients/kubernetes/rollout-status.js';
import { InvalidInputError, PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { waitFor } from '../../runtime/wait.js';
import { runningWorkflow } from '../../runtime/workflow-marker.js';
import type { WorkloadRestartInput } from '../inputs/workload-restart.js';
import { clusterWait, connectCluster } from './cluster.js';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
/**
 * Beside kubectl's annotation, in a workflow: the workflow that restarted the pods (Argo sets ARGO_WORKFLOW_NAME in
 * every step container). A retry of the step whose first attempt restarted the workload and then failed (a wait
 * timed out, the API server stayed unreachable: exit 75) finds it and does not restart a second time, even when the
 * first rollout has completed meanwhile.
 */
export const RESTARTED_BY = 'opsflow.io/restarted-by-workflow';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

export async function run(input: WorkloadRestartInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  return input.kind === 'Pod' ? evictPod(client, input, ctx) : restartWorkload(client, input.kind, input, ctx);
}

/** kubectl writes time.Now().Format(time.RFC3339): whole seconds. */
function rfc3339Now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

async function restartWorkload(
  client: KubernetesClient,
  kind: WorkloadKind,
  input: WorkloadRestartInput,
  ctx: StepContext,
): Promise<StepResult> {
  const label = `${kind} ${input.namespace}/${input.name}`;
  const path = objectPath(kind, input.namespace, input.name);
  const current = await client.get<Workload>(`read ${label}`, path);
  if (kind === 'Deployment' && (current.spec as { paused?: boolean }).paused) {
    throw new PreconditionError(`${label} is paused: resume its rollout before restarting it`);
  }
  if (kind !== 'Deployment') requireRollingUpdate(kind, current);
  const annotations = current.spec.template?.metadata?.annotations ?? {};
  const previous = annotations[RESTARTED_AT];
  const workflow = runningWorkflow(ctx);
  // A rollout under way is already replacing every pod, typically the one an earlier attempt of this step started
  // before its wait timed out (exit 75, retried by the template): restarting again would only add disruption. So is
  // a restart this workflow made already, whose rollout may have completed since.
  const underWay = rolloutUnderWay(kind, current);
  // ...unless that rollout is stuck past its progress deadline: restarting is then the way to start over.
  const byThisWorkflow =
    workflow !== undefined && annotations[RESTARTED_BY] === workflow && !rolloutStuck(kind, current);
  const skip = underWay
    ? `a rollout is under way (${underWay})`
    : byThisWorkflow
      ? `workflow ${workflow} restarted it already (${RESTARTED_BY})`
      : undefined;
  // The cool-down stops a restart loop (a flapping alert, repeated runs): only a restart this run would make counts,
  // so a retry of this workflow that finds its own restart (skip) is not refused.
  const coolDown = skip ? undefined : coolDownProblem(label, input, previous);
  if (coolDown && !ctx.dryRun) throw new PreconditionError(coolDown);
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: coolDown
        ? `would refuse: ${coolDown}`
        : skip
          ? `would not restart ${label} on ${input.cluster}: ${skip}`
          : `would restart ${label} on ${input.cluster} (set ${RESTARTED_AT})`,
      details: { previousRestartedAt: previous ?? null, replicas: current.spec.replicas ?? null },
    };
  }

  let restartedAt = previous ?? '';
  if (skip) {
    ctx.log.info(underWay ? 'rollout-under-way' : 'already-restarted', {
      kind,
      namespace: input.namespace,
      name: input.name,
      ...(underWay ? { progress: underWay } : { workflow }),
    });
  } else {
    restartedAt = rfc3339Now();
    const restart = { [RESTARTED_AT]: restartedAt, ...(workflow ? { [RESTARTED_BY]: workflow } : {}) };
    const patch = { spec: { template: { metadata: { annotations: restart } } } };
    await client.call(`restart ${label}`, {
      method: 'PATCH',
      path,
      headers: { 'content-type': STRATEGIC_MERGE_PATCH },
      body: JSON.stringify(patch),
      // Setting one annotation to a fixed value: repeating it is harmless.
      idempotent: true,
    });
    ctx.log.info('restarted', { kind, namespace: input.namespace, name: input.name, restartedAt });
  }
  await ctx.output('restartedAt', restartedAt);

  if (input.wait) {
    await waitFor(
      async () => rolloutStatus(kind, await client.get<Workload>(`read ${label}`, path)),
      clusterWait(ctx, `rollout of ${label}`, input.timeoutSeconds),
    );
  }
  const waited = input.wait ? ' and the rollout completed' : '';
  return skip
    ? {
        outcome: 'unchanged',
        message: underWay
          ? `a rollout of ${label} on ${input.cluster} was already under way${waited}`
          : `${label} on ${input.cluster} was already restarted by workflow ${workflow}${waited}`,
        details: { restartedAt: previous ?? null },
      }
    : {
        outcome: 'changed',
        message: `restarted ${label} on ${input.cluster}${waited}`,
        details: { restartedAt, previousRestartedAt: previous ?? null },
      };
}

/** Why a restart now would come too soon after the last one (`minIntervalMinutes`), or undefined. */
function coolDownProblem(label: string, input: WorkloadRestartInput, previous: string | undefined): string | undefined {
  if (input.minIntervalMinutes === 0 || previous === undefined) return undefined;
  const restarted = Date.parse(previous);
  if (Number.isNaN(restarted)) return undefined;
  const agoSeconds = Math.max(0, Math.round((Date.now() - restarted) / 1000));
  if (agoSeconds >= input.minIntervalMinutes * 60) return undefined;
  return `${label} on ${input.cluster} was restarted ${agoSeconds} s ago (${RESTARTED_AT}: ${previous}), less than the minimum interval of ${input.minIntervalMinutes} minutes (minIntervalMinutes): not restarting it again`;
}

/**
 * What the rollout in progress is waiting for, or undefined when none is. A rollout that cannot finish (past its
 * progress deadline) does not count: restarting is then a legitimate way to start over.
 */
function rolloutUnderWay(kind: WorkloadKind, workload: Workload): string | undefined {
  try {
    const status = rolloutStatus(kind, workload);
    return status.done ? undefined : status.message;
  } catch (error) {
    if (error instanceof PreconditionError) return undefined;
    throw error;
  }
}

/** The rollout can never finish as it is (a Deployment past its progress deadline). */
function rolloutStuck(kind: WorkloadKind, workload: Workload): boolean {
  try {
    rolloutStatus(kind, workload);
    return false;
  } catch (error) {
    if (error instanceof PreconditionError) return true;
    throw error;
  }
}

/**
 * A bare pod is restarted by evicting it, which PodDisruptionBudgets guard (429 until the budget allows), so that
 * its controller replaces it. A pod without a controller would simply be gone, so it is refused.
 */
async function evictPod(client: KubernetesClient, input: WorkloadRestartInput, ctx: StepContext): Promise<StepResult> {
  const label = `Pod ${input.namespace}/${input.name}`;
  if (input.minIntervalMinutes > 0) {
    // A pod records no restart time: a cool-down could not be honoured, so it is not silently ignored.
    throw new InvalidInputError(
      `minIntervalMinutes: applies to Deployments, StatefulSets and DaemonSets, not to kind Pod (got ${input.minIntervalMinutes})`,
    );
  }
  const path = objectPath('Pod', input.namespace, input.name);
  const pod = await client.get<Pod>(`read ${label}`, path);
  const owner = controllerOf(pod);
  if (!owner) {
    throw new PreconditionError(
      `${label} has no controller (no ownerReference with controller: true): evicting it would delete it for good; restart its workload instead`,
    );
  }
  const ownerLabel = `${owner.kind} ${owner.name}`;
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `would evict ${label} on ${input.cluster}; ${ownerLabel} replaces it`,
      details: { owner: ownerLabel },
    };
  }

  // The pods the controller has now, so that only a pod created after the eviction counts as the replacement.
  const before = new Set(input.wait ? (await siblingsOf(client, pod, owner.uid)).map((p) => p.metadata.uid) : []);
  // Already terminating (evicted or deleted by someone else): evicting again would change nothing.
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  if (!terminating) {
    await client.call(`evict ${label}`, {
      method: 'POST',
      path: `${path}/eviction`,
      json: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: input.name, namespace: input.namespace } },
      // A PodDisruptionBudget answers 429 until evicting is allowed; asking again is the intended use.
      idempotent: true,
    });
  }
  const evictedAt = pod.metadata.deletionTimestamp ?? rfc3339Now();
  await ctx.output('restartedAt', evictedAt);
  ctx.log.info(terminating ? 'already-terminating' : 'evicted', {
    namespace: input.namespace,
    name: input.name,
    owner: ownerLabel,
  });

  if (input.wait) {
    await waitFor(
      () => replacementProgress(client, pod, owner.uid, before),
      clusterWait(ctx, `replacement of ${label} by ${ownerLabel}`, input.timeoutSeconds),
    );
  }
  return {
    outcome: terminating ? 'unchanged' : 'changed',
    message: `${terminating ? `${label} was already terminating` : `evicted ${label}`} on ${input.cluster}${input.wait ? `; ${ownerLabel} replaced it` : ''}`,
    details: { owner: ownerLabel, evictedAt },
  };
}

/** Done when the evicted pod is gone and the same controller has a pod it did not have before. */
async function replacementProgress(
  client: KubernetesClient,
  old: Pod,
  ownerUid: string,
  before: ReadonlySet<string | undefined>,
) {
  const siblings = await siblingsOf(client, old, ownerUid);
  if (siblings.some((pod) => pod.metadata.uid === old.metadata.uid)) {
    return { done: false, message: `pod ${old.metadata.name} is terminating` };
  }
  const replacement = siblings.find((pod) => !before.has(pod.metadata.uid) && !pod.metadata.deletionTimestamp);
  return replacement
    ? { done: true, message: `pod ${old.metadata.name} is gone; ${replacement.metadata.name} replaces it` }
    : { done: false, message: `pod ${old.metadata.name} is gone; waiting for its replacement` };
}

/** Pods of the same controller, found by the pod's labels (minus the per-revision hashes). */
async function siblingsOf(client: KubernetesClient, pod: Pod, ownerUid: string): Promise<Pod[]> {
  const namespace = pod.metadata.namespace ?? '';
  const selector = Object.entries(pod.metadata.labels ?? {})
    .filter(([key]) => key !== 'pod-template-hash' && key !== 'controller-revision-hash')
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const list = await client.get<List<Pod>>(`list pods in ${namespace}`, objectPath('Pod', namespace), {
    labelSelector: selector || undefined,
  });
  return list.items.filter((sibling) => controllerOf(sibling)?.uid === ownerUid);
}
