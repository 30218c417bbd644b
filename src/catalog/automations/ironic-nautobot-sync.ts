import { Filter, Transform } from '../../constructs/events/index.js';
import { nautobotDeviceSync } from '../actions/nautobot-device-sync.js';
import { defineAutomation, fromEvent, on } from '../automation.js';
import { OSLO_MESSAGE_ID, UUID } from './identity.js';
import { openstackIronic } from './sources.js';

/** Ironic's versioned payload: the object's fields are under `ironic_object.data` (a key with a dot). */
const IRONIC_DATA = 'body.payload.ironic_object\\.data';

/**
 * Every Ironic node notification that ends a change (`baremetal.node.<action>.end|success|error`: create, update,
 * delete, maintenance_set, power_set, provision_set, console_set, power_state_corrected...) syncs the node to its
 * Nautobot device. `start` phases carry nothing new and start nothing.
 */
export const ironicNodeSync = defineAutomation({
  name: 'ironic-node-sync',
  description: 'Sync an Ironic node to Nautobot when a change to it ends (baremetal.node.*.end|success|error).',
  on: on(openstackIronic, 'notifications'),
  transform: Transform.osloMessage(),
  filters: [
    Filter.matches('body.event_type', 'baremetal\\.node\\.[a-z_]+\\.(end|success|error)'),
    Filter.matches(OSLO_MESSAGE_ID, UUID),
    Filter.matches(`${IRONIC_DATA}.uuid`, UUID),
  ],
  action: nautobotDeviceSync,
  parameters: { node: fromEvent(`${IRONIC_DATA}.uuid`) },
  runKey: OSLO_MESSAGE_ID,
});

/** A port created, updated or deleted (`baremetal.port.*.end`) syncs its node, whose interfaces the port is. */
export const ironicPortSync = defineAutomation({
  name: 'ironic-port-sync',
  description: "Sync a port's Ironic node to Nautobot when a change to the port ends (baremetal.port.*.end).",
  on: on(openstackIronic, 'notifications'),
  transform: Transform.osloMessage(),
  filters: [
    Filter.matches('body.event_type', 'baremetal\\.port\\.[a-z_]+\\.end'),
    Filter.matches(OSLO_MESSAGE_ID, UUID),
    Filter.matches(`${IRONIC_DATA}.node_uuid`, UUID),
  ],
  action: nautobotDeviceSync,
  parameters: { node: fromEvent(`${IRONIC_DATA}.node_uuid`) },
  runKey: OSLO_MESSAGE_ID,
});
