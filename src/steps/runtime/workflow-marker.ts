import type { StepContext } from './step.js';

/**
 * The Workflow a step runs in, by name (Argo sets ARGO_WORKFLOW_NAME in every step container:
 * workflow/controller/workflowpod.go, v4.1.2), or undefined outside Argo. A step whose change ends where it started
 * (a reboot, a clean, a rollout restart) records it on its target, so that Argo's retry of the step (exit 75: a wait
 * timed out, an answer was lost) finds that this Workflow made the change already and does not make it twice,
 * while another Workflow still does.
 */
export function runningWorkflow(ctx: Pick<StepContext, 'env'>): string | undefined {
  return ctx.env.ARGO_WORKFLOW_NAME || undefined;
}
