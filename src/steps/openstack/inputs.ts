/**
 * Input schemas of the OpenStack steps. Each one is also the WorkflowTemplate parameters of the actions that run the
 * step and what `opsflow run` validates, so it is declared once: in inputs/<step module>.ts, the fields several steps
 * share in inputs/waiting.ts, ironic.ts, nova.ts and keystone.ts, gathered here for the catalog and the CLI. One
 * module per step, and per shared concern, because a bundle loads whole modules: a step's own program builds its
 * schema and the shared fields it uses, no others (all shared fields in one module took 5 ms of each OpenStack start).
 * Which cloud and credentials a step uses is not an input: it comes from the environment (`OS_CLOUD` + a mounted
 * clouds.yaml, or `OS_*`; docs/openstack.md).
 */

export * from './inputs/ironic.js';
// ---- shared --------------------------------------------------------------------------------------------------
export * from './inputs/ironic-node-enroll.js';
export * from './inputs/ironic-node-maintenance.js';
export * from './inputs/ironic-node-power.js';
export * from './inputs/ironic-node-provision.js';
export * from './inputs/ironic-node-reclean.js';
export * from './inputs/ironic-node-show.js';
export * from './inputs/keystone.js';
export * from './inputs/keystone-project-contacts.js';
export * from './inputs/keystone-project-create.js';
export * from './inputs/keystone-role-assign.js';
export * from './inputs/nova.js';
export * from './inputs/nova-compute-service.js';
export * from './inputs/nova-compute-service-show.js';
export * from './inputs/nova-hypervisor-drain.js';
export * from './inputs/nova-server-migrate.js';
export * from './inputs/nova-server-reboot.js';
export * from './inputs/nova-servers-on-host.js';
export * from './inputs/waiting.js';
