import type { StepDefinition } from '../runtime/step.js';
import { deviceSync } from './device-sync.js';
import { resync } from './resync.js';
import { tenantSync } from './tenant-sync.js';

/** The Nautobot steps (the openstack image carries them): Ironic and Keystone → Nautobot. */
export const steps: readonly StepDefinition[] = [deviceSync, tenantSync, resync];
