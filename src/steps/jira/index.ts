import type { StepDefinition } from '../runtime/step.js';
import { issueComment } from './issue-comment.js';
import { issueCreate } from './issue-create.js';

/** The Jira steps (`opsflow-step jira <name>`), bundled into the notify image. */
export const steps: readonly StepDefinition[] = [issueCreate, issueComment];
