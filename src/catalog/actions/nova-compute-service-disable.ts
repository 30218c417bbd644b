import { ServiceDisableInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaComputeServiceDisable = defineAction({
  name: 'nova-compute-service-disable',
  title: "Disable a hypervisor's nova-compute service",
  description: actionDescription({
    summary:
      "Disable the host's nova-compute service with a reason, so the scheduler places no new server there; the " +
      'servers on it keep running. A service already disabled for that reason is left as it is.',
    changes: "the service's status (disabled) and disabled_reason, shown in `openstack compute service list`.",
    needs: openstackNeeds('Nova', 'to list and update compute services (an admin)'),
    outputs: '`result`.',
    example: {
      template: 'nova-compute-service-disable',
      parameters: { host: 'compute-17', reason: 'DIMM replacement, CHG-1234' },
    },
  }),
  step: { system: 'openstack', name: 'service-disable', input: ServiceDisableInput, mutating: true },
  // One change per host at a time, shared with nova-compute-service-enable and nova-hypervisor-drain.
  mutex: { prefix: 'nova-compute-host', by: ['host'] },
});
