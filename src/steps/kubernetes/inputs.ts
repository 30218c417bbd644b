/**
 * Input schemas of the Kubernetes/OpenShift steps. Each one is also the WorkflowTemplate parameters of the actions that
 * run the step and what `opsflow run` validates, so it is declared once: in inputs/<step module>.ts, the fields several
 * steps share in inputs/shared.ts, gathered here for the catalog and the CLI. One module per step because a bundle
 * loads whole modules: a step's own program builds its schema alone.
 */
export * from './inputs/approval-check.js';
export * from './inputs/cronjob-trigger.js';
export * from './inputs/java-heap-dump.js';
export * from './inputs/node-conditions.js';
export * from './inputs/pod-logs.js';
export * from './inputs/pod-status.js';
export * from './inputs/rollout-status.js';
export * from './inputs/run-guard.js';
export * from './inputs/shared.js';
export * from './inputs/workload-delete.js';
export * from './inputs/workload-restart.js';
