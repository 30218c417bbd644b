import {
  APPROVAL_ANNOTATION,
  APPROVAL_LABEL,
  APPROVER_LABEL,
  ApprovalTerms,
  approvalVerdict,
  type DecisionNode,
} from '../../governance/approval.js';
import { PreconditionError } from '../runtime/errors.js';
import { parseJsonInput } from '../runtime/json-input.js';
import { defineStep } from '../runtime/step.js';
import { connectCluster } from './cluster.js';
import { ApprovalCheckInput } from './inputs/approval-check.js';

/** Custom resources take JSON merge patches, not strategic ones. */
const MERGE_PATCH = 'application/merge-patch+json';

interface WorkflowStatus {
  metadata: { labels?: Record<string, string> };
  status?: { nodes?: Record<string, DecisionNode> };
}

/**
 * Runs right after an approval node, whatever its outcome: reads the decision Argo Server recorded on the Workflow
 * (the actor labels of the resume or stop, src/governance/approval.ts), records the verdict as labels, an
 * annotation and output parameters (all kept by the archive), and fails the run (exit 3) unless it was approved
 * by someone the terms allow.
 */
export const approvalCheck = defineStep({
  system: 'kubernetes',
  name: 'approval-check',
  description:
    'Check and record who approved or rejected the run, and when; fail it (exit 3) unless an allowed approver approved it in time',
  input: ApprovalCheckInput,
  // It writes only its own Workflow's record, never a target.
  mutating: false,
  outputs: {
    verdict: '`approved`, `rejected`, `timed-out` or `refused`',
    approver: 'Who decided, as Argo Server labelled the Workflow (`none` when nobody did)',
    reason: 'The verdict in words, naming the approver, the requester and the rule',
  },
  target: (input) => `approval of ${input.namespace}/${input.workflow}`,
  async run(input, ctx) {
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
  },
});
