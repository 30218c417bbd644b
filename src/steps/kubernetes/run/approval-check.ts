import {
  APPROVAL_ANNOTATION,
  APPROVAL_LABEL,
  APPROVER_LABEL,
  ApprovalTerms,
  approvalVerdict,
  type DecisionNode,
} from '../../../governance/approval.js';
import { PreconditionError } from '../../runtime/errors.js';
import { parseJsonInput } from '../../runtime/json-input.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ApprovalCheckInput } from '../inputs/approval-check.js';
import { connectCluster } from './cluster.js';

/** Custom resources take JSON merge patches, not strategic ones. */
const MERGE_PATCH = 'application/merge-patch+json';

interface WorkflowStatus {
  metadata: { labels?: Record<string, string> };
  status?: { nodes?: Record<string, DecisionNode> };
}

export async function run(input: ApprovalCheckInput, ctx: StepContext): Promise<StepResult> {
  const terms = parseJsonInput('kubernetes/approval-check', 'terms', input.terms, ApprovalTerms);
  const kube = await connectCluster(input.cluster, ctx);
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${input.namespace}/workflows/${input.workflow}`;
  const workflow = await kube.get<WorkflowStatus>(`read Workflow ${input.workflow}`, path);
  const node = workflow.status?.nodes?.[input.node];
  if (!node) {
    throw new PreconditionError(
      `approval: node ${input.node} is not in the status of Workflow ${input.workflow} (is node status offloaded?)`,
    );
  }
  const verdict = approvalVerdict(workflow.metadata.labels ?? {}, node, terms, input.namespace);
  await kube.call(`record the approval on Workflow ${input.workflow}`, {
    method: 'PATCH',
    path,
    headers: { 'content-type': MERGE_PATCH },
    body: JSON.stringify({
      metadata: {
        labels: { [APPROVAL_LABEL]: verdict.verdict, [APPROVER_LABEL]: verdict.approver },
        annotations: { [APPROVAL_ANNOTATION]: JSON.stringify({ ...verdict, terms: terms }) },
      },
    }),
    // Setting fixed values: repeating it is harmless.
    idempotent: true,
  });
  await ctx.output('verdict', verdict.verdict);
  await ctx.output('approver', verdict.approver);
  await ctx.output('reason', verdict.reason);
  ctx.log.info('approval', { ...verdict });
  if (verdict.verdict !== 'approved') throw new PreconditionError(`approval ${verdict.verdict}: ${verdict.reason}`);
  return { outcome: 'changed', message: verdict.reason, details: { ...verdict } };
}
