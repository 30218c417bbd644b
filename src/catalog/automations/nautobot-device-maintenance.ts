import { Filter } from '../../constructs/events/index.js';
import { ironicNodeMaintenance } from '../actions/ironic-node-maintenance.js';
import { constant, defineAutomation, fromEvent, on } from '../automation.js';
import { NAUTOBOT_REQUEST_ID, UUID } from './identity.js';
import { nautobot } from './sources.js';

/** A device update of Nautobot (webhook body: `event`, `model`, `data`, `snapshots`, `request_id`). */
const deviceUpdated = [
  Filter.equals('body.event', 'updated'),
  Filter.equals('body.model', 'device'),
  Filter.matches(NAUTOBOT_REQUEST_ID, UUID),
  // The synced device's id is its Ironic node's UUID (docs/nautobot-sync.md).
  Filter.matches('body.data.id', UUID),
];

/**
 * Nautobot 2.x serializes `data` and both snapshots with depth 1 (`serialize_object_v2`), so the status is an
 * object with its `name`.
 */
const PRE = 'body.snapshots.prechange.status.name';
const POST = 'body.snapshots.postchange.status.name';

/** A device moved to the site's maintenance status puts its Ironic node in maintenance. */
export const nautobotDeviceMaintenanceOn = defineAutomation({
  name: 'nautobot-device-maintenance-on',
  description: "Put a device's Ironic node in maintenance when its Nautobot status becomes the maintenance status.",
  on: on(nautobot, 'changes'),
  filters: (site) => [
    ...deviceUpdated,
    Filter.equals(POST, site.nautobot.maintenanceStatus),
    Filter.noneOf(PRE, [site.nautobot.maintenanceStatus]),
  ],
  action: ironicNodeMaintenance,
  parameters: {
    node: fromEvent('body.data.id'),
    maintenance: constant('on'),
    reason: constant('Nautobot device status set to maintenance'),
  },
  runKey: NAUTOBOT_REQUEST_ID,
});

/** A device moved from the site's maintenance status to another takes its Ironic node out of maintenance. */
export const nautobotDeviceMaintenanceOff = defineAutomation({
  name: 'nautobot-device-maintenance-off',
  description: "Take a device's Ironic node out of maintenance when its Nautobot status leaves the maintenance status.",
  on: on(nautobot, 'changes'),
  filters: (site) => [
    ...deviceUpdated,
    Filter.equals(PRE, site.nautobot.maintenanceStatus),
    Filter.noneOf(POST, [site.nautobot.maintenanceStatus]),
  ],
  action: ironicNodeMaintenance,
  parameters: { node: fromEvent('body.data.id'), maintenance: constant('off') },
  runKey: NAUTOBOT_REQUEST_ID,
});
