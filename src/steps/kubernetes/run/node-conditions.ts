import type { KubeObject } from '../../../clients/kubernetes/resources.js';
import { objectPath } from '../../../clients/kubernetes/resources.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { NodeConditionsInput } from '../inputs/node-conditions.js';
import { connectCluster } from './cluster.js';

interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: { conditions?: NodeCondition[] };
}

export async function run(input: NodeConditionsInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  const label = `Pod ${input.namespace}/${input.pod}`;
  const pod = await client.get<KubeObject & { spec?: { nodeName?: string } }>(
    `read ${label}`,
    objectPath('Pod', input.namespace, input.pod),
  );
  const name = pod.spec?.nodeName;
  if (!name) {
    for (const output of ['node', 'conditions', 'problems']) await ctx.output(output, '');
    return { outcome: 'unchanged', message: `${label} is not scheduled on a node yet` };
  }
  // Nodes are cluster-scoped, so outside the namespaced paths of src/clients/kubernetes/resources.ts.
  const node = await client.get<Node>(`read Node ${name}`, `/api/v1/nodes/${encodeURIComponent(name)}`);
  const conditions = node.status?.conditions ?? [];
  const text = (c: NodeCondition) =>
    `${c.type}=${c.status}${c.reason || c.message ? ` (${[c.reason, c.message].filter(Boolean).join(': ')})` : ''}`;
  const problems = [
    ...conditions.filter((c) => (c.type === 'Ready' ? c.status !== 'True' : c.status === 'True')).map(text),
    ...(node.spec?.unschedulable ? ['cordoned (spec.unschedulable)'] : []),
  ];
  await ctx.output('node', name);
  await ctx.output('conditions', conditions.map(text).join('\n'));
  await ctx.output('problems', problems.join('\n'));
  return {
    outcome: 'unchanged',
    message: `node ${name} of ${label}: ${problems.length === 0 ? 'healthy' : problems.join('; ')}`,
    details: { node: name, problems },
  };
}
