/**
 * Input schemas of the Jira steps. Each one is also the WorkflowTemplate parameters of the actions that run the step
 * and what `opsflow run` validates, so it is declared once: in inputs/<step module>.ts, the fields several steps share
 * in inputs/shared.ts, gathered here for the catalog and the CLI. One module per step because a bundle loads whole
 * modules: a step's own program builds its schema alone. Where Jira is and the credentials are not inputs: they come
 * from the environment (docs/steps-jira.md).
 */
export * from './inputs/issue-comment.js';
export * from './inputs/issue-create.js';
export * from './inputs/shared.js';
