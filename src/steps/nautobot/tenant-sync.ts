import { defineStep } from '../runtime/step.js';
import { TenantSyncInput } from './inputs/tenant-sync.js';

/**
 * A Keystone project → its Nautobot tenant, found by the project id in a custom field: name and description follow
 * the project. A project Keystone no longer has leaves its tenant (with a warning) unless `deleteIfMissing`.
 */
export const tenantSync = defineStep({
  system: 'nautobot',
  name: 'tenant-sync',
  description: 'Sync one Keystone project to its Nautobot tenant (by project id in a custom field)',
  input: TenantSyncInput,
  mutating: true,
  outputs: { tenantId: 'Id of the Nautobot tenant (empty when there is none)' },
  target: (input) => `Keystone project ${input.projectId}`,
  run: (input, ctx) => import('./run/tenant-sync.js').then((module) => module.run(input, ctx)),
});
