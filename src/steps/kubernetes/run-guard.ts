import { z } from 'zod';
import { AUTOMATION_LABEL } from '../../catalog/automation.js';
import { CREATOR_LABEL } from '../../governance/admission.js';
import { recordRun } from '../../governance/guard.js';
import { ROLE_LABEL, RunLimit } from '../../governance/role.js';
import { InvalidInputError } from '../runtime/errors.js';
import { defineStep } from '../runtime/step.js';
import { connectCluster } from './cluster.js';
import { RunGuardInput } from './inputs.js';

const Limits = z.record(z.string(), z.strictObject({ perCaller: RunLimit.optional(), overall: RunLimit.optional() }));

interface WorkflowLabels {
  metadata: { labels?: Record<string, string> };
}

/**
 * The first node of an action with run limits: counts the run against the limits of the role that started it (the
 * `opsflow.io/role` label the admission policy requires) and refuses it (exit 3) when a window is full.
 */
export const runGuard = defineStep({
  system: 'kubernetes',
  name: 'run-guard',
  description: "Count the run against its role's run limits; refuse it (exit 3) when the caller or the action is over",
  input: RunGuardInput,
  // It records the run; a dry run of the action only checks the limits.
  mutating: true,
  target: (input) => `run ${input.namespace}/${input.workflow} of ${input.action}`,
  async run(input, ctx) {
    let json: unknown;
    try {
      json = JSON.parse(input.limits);
    } catch {
      throw new InvalidInputError(`limits: not JSON (got ${JSON.stringify(input.limits)})`);
    }
    const parsed = Limits.safeParse(json);
    if (!parsed.success) throw new InvalidInputError(`limits: ${z.prettifyError(parsed.error)}`);
    const kube = await connectCluster(input.cluster, ctx);
    const workflow = await kube.get<WorkflowLabels>(
      `read Workflow ${input.workflow}`,
      `/apis/argoproj.io/v1alpha1/namespaces/${input.namespace}/workflows/${input.workflow}`,
    );
    const labels = workflow.metadata.labels ?? {};
    const role = labels[ROLE_LABEL];
    const limits = role === undefined ? undefined : parsed.data[role];
    const caller = labels[CREATOR_LABEL] ?? labels[AUTOMATION_LABEL] ?? 'unknown';
    if (!limits) {
      return { outcome: 'unchanged', message: `${caller} (role ${role ?? 'none'}): no run limit on ${input.action}` };
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
      return { outcome: 'dry-run', message: `${caller} (role ${role}): a run of ${input.action} is within its limits` };
    }
    return { outcome: 'changed', message: `${caller} (role ${role}): run of ${input.action} counted` };
  },
});
