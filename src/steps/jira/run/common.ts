import { JiraClient, jiraStepError, resolveJiraSettings } from '../../../clients/jira/client.js';
import type { StepContext } from '../../runtime/step.js';

/** The Jira client of a step: URL, deployment and credentials from the environment and mounted secrets. */
export async function connectJira(ctx: StepContext): Promise<JiraClient> {
  return new JiraClient(await resolveJiraSettings(ctx.env, (name) => ctx.secret(name)), ctx.signal);
}

/** Runs one Jira call, turning its failure into the step error for `what`. */
export async function withJiraErrors<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw jiraStepError(error, what);
  }
}

/** The label that marks what a step made for one idempotency key. */
export function opsflowLabel(idempotencyKey: string): string {
  return `opsflow-${idempotencyKey}`;
}
