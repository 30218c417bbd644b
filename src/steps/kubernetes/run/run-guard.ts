import { AUTOMATION_LABEL } from '../../../catalog/automation.js';
import * as z from '../../../common/zod-mini.js';
import { CREATOR_LABEL } from '../../../governance/admission.js';
import { ANY_ROLE, ApprovalTerms } from '../../../governance/approval.js';
import { recordRun } from '../../../governance/guard.js';
import { ROLE_LABEL, RunLimit } from '../../../governance/role.js';
import { parseJsonInput } from '../../runtime/json-input.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { RunGuardInput } from '../inputs/run-guard.js';
import { connectCluster } from './cluster.js';

const Limits = z.record(z.string(), z.strictObject({ perCaller: z.optional(RunLimit), overall: z.optional(RunLimit) }));
const Approvals = z.record(z.string(), ApprovalTerms);

interface WorkflowLabels {
  metadata: { labels?: Record<string, string> };
}

export async function run(input: RunGuardInput, ctx: StepContext): Promise<StepResult> {
  const limitsByRole = parseJsonInput('kubernetes/run-guard', 'limits', input.limits, Limits);
  const approvals = parseJsonInput('kubernetes/run-guard', 'approvals', input.approvals, Approvals);
  const kube = await connectCluster(input.cluster, ctx);
  const workflow = await kube.get<WorkflowLabels>(
    `read Workflow ${input.workflow}`,
    `/apis/argoproj.io/v1alpha1/namespaces/${input.namespace}/workflows/${input.workflow}`,
  );
  const labels = workflow.metadata.labels ?? {};
  const role = labels[ROLE_LABEL];
  const caller = labels[CREATOR_LABEL] ?? labels[AUTOMATION_LABEL] ?? 'unknown';
  const terms = (role === undefined ? undefined : approvals[role]) ?? approvals[ANY_ROLE];
  await ctx.output('approval', terms ? 'required' : 'none');
  await ctx.output('approvalTimeout', terms?.timeout ?? '');
  await ctx.output('approvalTerms', terms ? JSON.stringify(terms) : '');
  const waits = terms ? `; waits for an approval by ${terms.by.join(' or ')}` : '';
  const limits = role === undefined ? undefined : limitsByRole[role];
  if (!limits) {
    return {
      outcome: 'unchanged',
      message: `${caller} (role ${role ?? 'none'}): no run limit on ${input.action}${waits}`,
    };
  }
  await recordRun(kube, input.namespace, {
    caller,
    action: input.action,
    workflow: input.workflow,
    perCaller: limits.perCaller,
    overall: limits.overall,
    now: new Date(),
    dryRun: ctx.dryRun,
  });
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `${caller} (role ${role}): a run of ${input.action} is within its limits${waits}`,
    };
  }
  return { outcome: 'changed', message: `${caller} (role ${role}): run of ${input.action} counted${waits}` };
}
