import type { KubernetesClient } from '../../../clients/kubernetes/client.js';
import { controllerOf, type KubeObject, objectPath, type Workload } from '../../../clients/kubernetes/resources.js';
import { rolloutStatus, type WorkloadKind } from '../../../clients/kubernetes/rollout-status.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { RolloutStatusInput } from '../inputs/rollout-status.js';
import { connectCluster } from './cluster.js';

const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'] satisfies WorkloadKind[];

export async function run(input: RolloutStatusInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  const owner = await workloadOf(client, input);
  const { kind, name, status, done } = owner
    ? { ...owner, ...statusOf(owner.kind, owner.workload) }
    : {
        kind: '',
        name: '',
        status: `Pod ${input.namespace}/${input.pod} is owned by no Deployment, StatefulSet or DaemonSet`,
        done: false,
      };
  await ctx.output('kind', kind);
  await ctx.output('name', name);
  await ctx.output('status', status);
  await ctx.output('done', String(done));
  return {
    outcome: 'unchanged',
    message: owner ? `${kind} ${input.namespace}/${name}: ${status}` : status,
    details: { kind, name, done },
  };
}

async function workloadOf(client: KubernetesClient, input: RolloutStatusInput) {
  const pod = await client.get<KubeObject>(
    `read Pod ${input.namespace}/${input.pod}`,
    objectPath('Pod', input.namespace, input.pod),
  );
  let owner = controllerOf(pod);
  if (owner?.kind === 'ReplicaSet') {
    const replicaSet = await client.get<KubeObject>(
      `read ReplicaSet ${input.namespace}/${owner.name}`,
      objectPath('ReplicaSet', input.namespace, owner.name),
    );
    owner = controllerOf(replicaSet);
  }
  if (!owner || !WORKLOAD_KINDS.includes(owner.kind)) return undefined;
  const kind = owner.kind as WorkloadKind;
  const workload = await client.get<Workload>(
    `read ${kind} ${input.namespace}/${owner.name}`,
    objectPath(kind, input.namespace, owner.name),
  );
  return { kind, name: owner.name, workload };
}

/** A rollout that cannot complete (past its progress deadline, OnDelete updates) is a finding too. */
function statusOf(kind: WorkloadKind, workload: Workload): { status: string; done: boolean } {
  try {
    const { done, message } = rolloutStatus(kind, workload);
    return { status: message, done };
  } catch (error) {
    if (error instanceof PreconditionError) return { status: error.message, done: false };
    throw error;
  }
}
