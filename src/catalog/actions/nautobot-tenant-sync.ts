import { TenantSyncInput } from '../../steps/nautobot/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { nautobotNeeds } from '../nautobot.js';

export const nautobotTenantSync = defineAction({
  name: 'nautobot-tenant-sync',
  title: 'Sync one Keystone project to its Nautobot tenant',
  description: actionDescription({
    summary:
      'Create or update the Nautobot tenant of a Keystone project (found by the project id in a custom field): its ' +
      'name and description. A project gone from Keystone keeps its tenant, unless `deleteIfMissing`.',
    changes: 'one Nautobot tenant (with `deleteIfMissing`, its deletion).',
    needs: nautobotNeeds('to read the project'),
    outputs: '`tenantId` (empty when there is none) and `result`.',
    example: { template: 'nautobot-tenant-sync', parameters: { projectId: '4f1c2b0a9d8e4c7fb6a5e4d3c2b1a090' } },
  }),
  step: {
    system: 'nautobot',
    name: 'tenant-sync',
    input: TenantSyncInput,
    mutating: true,
    outputs: { tenantId: 'Id of the Nautobot tenant (empty when there is none)' },
  },
  // Two syncs of one project would both create its missing tenant.
  mutex: { prefix: 'nautobot-tenant', by: ['projectId'] },
});
