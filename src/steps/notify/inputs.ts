/**
 * Input schema of the notify step. It is also the WorkflowTemplate parameters of the actions that run the step and what
 * `opsflow run` validates, so it is declared once: in inputs/<step module>.ts, the fields several steps share in
 * inputs/shared.ts, gathered here for the catalog and the CLI. One module per step because a bundle loads whole
 * modules: a step's own program builds its schema alone.
 */
export * from './inputs/runbook-report.js';
export * from './inputs/send.js';
export * from './inputs/shared.js';
