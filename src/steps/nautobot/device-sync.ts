import { defineStep } from '../runtime/step.js';
import { DeviceSyncInput } from './inputs/device-sync.js';

/**
 * One Ironic node → its Nautobot device (id = node UUID): name, serial, status from the provision state, and
 * interfaces from the node's ports. A node Ironic no longer has (404) sets its device to Decommissioning.
 */
export const deviceSync = defineStep({
  system: 'nautobot',
  name: 'device-sync',
  description: 'Sync one Ironic node (name, serial, status, ports) to its Nautobot device',
  input: DeviceSyncInput,
  mutating: true,
  outputs: { changes: 'JSON counts of devices and interfaces created, updated, decommissioned and unchanged' },
  target: (input) => `Ironic node ${input.node}`,
  run: (input, ctx) => import('./run/device-sync.js').then((module) => module.run(input, ctx)),
});
