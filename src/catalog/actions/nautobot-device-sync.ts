import { DeviceSyncInput } from '../../steps/nautobot/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { nautobotNeeds } from '../nautobot.js';

export const nautobotDeviceSync = defineAction({
  name: 'nautobot-device-sync',
  title: 'Sync one Ironic node to its Nautobot device',
  description: actionDescription({
    summary:
      "Write an Ironic node's name, serial, status (from its provision state) and ports to its Nautobot device and " +
      'interfaces, only what differs. A node unknown to Nautobot is created when `role`, `deviceType` and ' +
      '`location` are given.',
    changes:
      "the node's Nautobot device and its interfaces (with `deleteUnknownInterfaces`, deletes too); a node Ironic no " +
      'longer has marks its device `Decommissioning`.',
    needs: nautobotNeeds('to read the node and its ports'),
    outputs: '`changes` (JSON counts) and `result`.',
    example: { template: 'nautobot-device-sync', parameters: { node: 'compute-17' } },
  }),
  step: {
    system: 'nautobot',
    name: 'device-sync',
    input: DeviceSyncInput,
    mutating: true,
    outputs: { changes: 'JSON counts of devices and interfaces created, updated, decommissioned and unchanged' },
  },
  // Two syncs of one node would both create its missing device or interfaces.
  mutex: { prefix: 'nautobot-device', by: ['node'] },
});
