import type { AlertRoutes } from '../alert-route.js';
import { type Automation, on } from '../automation.js';
import { ironicNodeCleanFailed } from './ironic-clean-failed.js';
import { ironicNodeSync, ironicPortSync } from './ironic-nautobot-sync.js';
import { keystoneProjectSync } from './keystone-project-sync.js';
import { nautobotDeviceMaintenanceOff, nautobotDeviceMaintenanceOn } from './nautobot-device-maintenance.js';
import { restartStuckDeployment } from './restart-stuck-deployment.js';
import { hypervisorDownRunbook, podCrashLoopRunbook } from './runbook-routes.js';

import { alertmanager } from './sources.js';

export { eventSources } from './sources.js';

/** Every automation of the catalog; each becomes a Sensor. */
export const automations: readonly Automation[] = [
  ironicNodeSync,
  ironicPortSync,
  ironicNodeCleanFailed,
  keystoneProjectSync,
  nautobotDeviceMaintenanceOn,
  nautobotDeviceMaintenanceOff,
];

/** Every alert route of the catalog; together they are the `alert-routes` Sensor and its fan-out. */
export const alertRoutes: AlertRoutes = {
  on: on(alertmanager, 'alerts'),
  routes: [restartStuckDeployment, podCrashLoopRunbook, hypervisorDownRunbook],
};
