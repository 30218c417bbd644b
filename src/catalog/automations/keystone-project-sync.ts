import { Filter, Transform } from '../../constructs/events/index.js';
import { nautobotTenantSync } from '../actions/nautobot-tenant-sync.js';
import { constant, defineAutomation, fromEvent, on } from '../automation.js';
import { OSLO_MESSAGE_ID, UUID } from './identity.js';
import { openstackKeystone } from './sources.js';

/**
 * A Keystone project created, updated or deleted syncs its Nautobot tenant. `payload.resource_info` is the project
 * id in both of Keystone's notification formats (basic and CADF). `deleteIfMissing`: a project gone from Keystone
 * (the deleted event, or any event read after a deletion) deletes its tenant.
 */
export const keystoneProjectSync = defineAutomation({
  name: 'keystone-project-sync',
  description: 'Sync a Keystone project to its Nautobot tenant (identity.project.created|updated|deleted).',
  on: on(openstackKeystone, 'notifications'),
  transform: Transform.osloMessage(),
  filters: [
    Filter.oneOf('body.event_type', [
      'identity.project.created',
      'identity.project.updated',
      'identity.project.deleted',
    ]),
    Filter.matches(OSLO_MESSAGE_ID, UUID),
    Filter.matches('body.payload.resource_info', '[A-Za-z0-9_-]{1,64}'),
  ],
  action: nautobotTenantSync,
  parameters: { projectId: fromEvent('body.payload.resource_info'), deleteIfMissing: constant(true) },
  runKey: OSLO_MESSAGE_ID,
});
