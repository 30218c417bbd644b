import { type KubeObject, objectPath } from '../../../clients/kubernetes/resources.js';
import { InvalidInputError, PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import { DeletableKind, type WorkloadDeleteInput } from '../inputs/workload-delete.js';
import { connectCluster } from './cluster.js';

/** The site's default `kubernetes.deletableKinds`, used when `OPSFLOW_DELETABLE_KINDS` is not set at all. */
export const DEFAULT_DELETABLE_KINDS: readonly DeletableKind[] = ['Pod', 'Job'];

export async function run(input: WorkloadDeleteInput, ctx: StepContext): Promise<StepResult> {
  const allowed = deletableKinds(ctx);
  if (!allowed.includes(input.kind)) {
    throw new PreconditionError(
      `kind ${input.kind} may not be deleted on this site; deletable kinds: ${allowed.join(', ') || 'none'} (kubernetes.deletableKinds)`,
    );
  }
  const label = `${input.kind} ${input.namespace}/${input.name}`;
  const client = await connectCluster(input.cluster, ctx);
  const path = objectPath(input.kind, input.namespace, input.name);
  const found = await client.call<KubeObject>(`read ${label}`, { method: 'GET', path, expect: [404] });
  if (found.status === 404) {
    return { outcome: 'unchanged', message: `${label} on ${input.cluster} is already gone` };
  }
  const { uid, deletionTimestamp } = found.data.metadata;
  if (deletionTimestamp) {
    return {
      outcome: 'unchanged',
      message: `${label} on ${input.cluster} is already being deleted`,
      details: { uid },
    };
  }
  if (ctx.dryRun) {
    return { outcome: 'dry-run', message: `would delete ${label} on ${input.cluster}`, details: { uid } };
  }
  const deleted = await client.call(`delete ${label}`, {
    method: 'DELETE',
    path,
    // Background: dependents (a Job's pods, a Deployment's ReplicaSets) are removed by the garbage collector.
    // The uid precondition makes sure an object re-created under the same name since the read is left alone.
    json: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid } },
    expect: [404],
  });
  if (deleted.status === 404) {
    return { outcome: 'unchanged', message: `${label} on ${input.cluster} is already gone` };
  }
  ctx.log.info('deleted', { kind: input.kind, namespace: input.namespace, name: input.name, uid });
  return { outcome: 'changed', message: `deleted ${label} on ${input.cluster}`, details: { uid } };
}

function deletableKinds(ctx: StepContext): readonly DeletableKind[] {
  const raw = ctx.env.OPSFLOW_DELETABLE_KINDS;
  if (raw === undefined) return DEFAULT_DELETABLE_KINDS;
  // Set but empty: the site allows no kind (`deletableKinds: []`), which must not widen to the default.
  if (raw.trim() === '') return [];
  return raw.split(',').map((item) => {
    const parsed = DeletableKind.safeParse(item.trim());
    if (!parsed.success) {
      throw new InvalidInputError(
        `OPSFLOW_DELETABLE_KINDS lists ${JSON.stringify(item.trim())}, which is not one of ${DeletableKind.options.join(', ')}`,
      );
    }
    return parsed.data;
  });
}
