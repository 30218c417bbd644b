/**
 * Input schemas of the AWS RDS steps. Each one is also the WorkflowTemplate parameters of the actions that run the step
 * and what `opsflow run` validates, so it is declared once: in inputs/<step module>.ts, the fields several steps share
 * in inputs/shared.ts, gathered here for the catalog and the CLI. One module per step because a bundle loads whole
 * modules: a step's own program builds its schema alone.
 */
export * from './inputs/elasticache-flush.js';
export * from './inputs/rds-reboot.js';
export * from './inputs/rds-snapshot.js';
export * from './inputs/rds-start.js';
export * from './inputs/rds-stop.js';
export * from './inputs/shared.js';
