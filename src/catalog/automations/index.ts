import type { Automation } from '../automation.js';
import { restartStuckDeployment } from './restart-stuck-deployment.js';

export { eventSources } from './sources.js';

/** Every automation of the catalog; each becomes a Sensor. */
export const automations: readonly Automation[] = [restartStuckDeployment];
