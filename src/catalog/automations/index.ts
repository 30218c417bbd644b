import type { Automation } from '../automation.js';
import { ironicNodeSync, ironicPortSync } from './ironic-nautobot-sync.js';
import { keystoneProjectSync } from './keystone-project-sync.js';
import { nautobotDeviceMaintenanceOff, nautobotDeviceMaintenanceOn } from './nautobot-device-maintenance.js';
import { restartStuckDeployment } from './restart-stuck-deployment.js';

export { eventSources } from './sources.js';

/** Every automation of the catalog; each becomes a Sensor. */
export const automations: readonly Automation[] = [
  restartStuckDeployment,
  ironicNodeSync,
  ironicPortSync,
  keystoneProjectSync,
  nautobotDeviceMaintenanceOn,
  nautobotDeviceMaintenanceOff,
];
