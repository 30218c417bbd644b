import type { KubernetesClient } from '../../clients/kubernetes/client.js';
import { controllerOf, type KubeObject, objectPath, type Workload } from '../../clients/kubernetes/resources.js';
import { rolloutStatus, type WorkloadKind } from '../../clients/kubernetes/rollout-status.js';
import { PreconditionError } from '../runtime/errors.js';
import { defineStep } from '../runtime/step.js';
import { connectCluster } from './cluster.js';
import { RolloutStatusInput } from './inputs/rollout-status.js';

const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'] satisfies WorkloadKind[];

/**
 * A read-only diagnosis: the workload that owns a pod (its controller; a ReplicaSet's own controller, the
 * Deployment) and that workload's rollout status in `kubectl rollout status` terms. A pod no workload owns is a
 * finding (empty `kind`), not a failure.
 */
export const rolloutStatusStep = defineStep({
  system: 'kubernetes',
  name: 'rollout-status',
  description: 'Find the workload owning a pod (Deployment, StatefulSet, DaemonSet) and read its rollout status',
  input: RolloutStatusInput,
  mutating: false,
  outputs: {
    kind: 'Deployment, StatefulSet or DaemonSet; empty when no such workload owns the pod',
    name: 'The workload name; empty when no such workload owns the pod',
    status: "kubectl's wording: 'deployment \"web\" successfully rolled out', 'Waiting for ...', or why it cannot",
    done: 'true when the rollout is complete',
  },
  target: (input) => `the workload of Pod ${input.namespace}/${input.pod} on ${input.cluster}`,
  async run(input, ctx) {
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
  },
});

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
