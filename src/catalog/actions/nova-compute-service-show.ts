import { ComputeServiceShowInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaComputeServiceShow = defineAction({
  name: 'nova-compute-service-show',
  title: "Read a hypervisor's nova-compute service",
  description: actionDescription({
    summary:
      'Read the nova-compute service of a compute host: `state` (up or down: whether Nova hears its heartbeat), ' +
      '`status` (enabled or disabled for the scheduler) and the reason it was disabled.',
    changes: 'nothing (read-only).',
    needs: openstackNeeds('Nova', 'to list compute services (an admin)'),
    outputs: '`state`, `status`, `disabledReason` and `result`.',
    example: { template: 'nova-compute-service-show', parameters: { host: 'compute-17' } },
  }),
  step: {
    system: 'openstack',
    name: 'compute-service-show',
    input: ComputeServiceShowInput,
    mutating: false,
    outputs: {
      state: 'up or down: whether Nova hears from the nova-compute service',
      status: 'enabled or disabled: whether the scheduler places servers on the host',
      disabledReason: 'Why the service is disabled, empty when it is enabled or no reason was given',
    },
  },
});
