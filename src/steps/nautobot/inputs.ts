/**
 * Input schemas of the Nautobot sync steps. Each one is also the WorkflowTemplate parameters of the actions that run
 * the step and what `opsflow run` validates, so it is declared once: in inputs/<step module>.ts, the fields several
 * steps share in inputs/shared.ts, gathered here for the catalog and the CLI. One module per step because a bundle
 * loads whole modules: a step's own program builds its schema alone. Where Nautobot and OpenStack are is not an input:
 * `NAUTOBOT_URL` + `NAUTOBOT_TOKEN(_FILE)` and the OpenStack environment (docs/nautobot-sync.md).
 */
export * from './inputs/device-sync.js';
export * from './inputs/resync.js';
export * from './inputs/shared.js';
export * from './inputs/tenant-sync.js';
