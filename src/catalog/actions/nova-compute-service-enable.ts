import { ServiceEnableInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaComputeServiceEnable = defineAction({
  name: 'nova-compute-service-enable',
  title: "Enable a hypervisor's nova-compute service again",
  description: actionDescription({
    summary: "Enable the host's nova-compute service, so the scheduler places servers there again.",
    changes: "the service's status (enabled).",
    needs: openstackNeeds('Nova', 'to list and update compute services (an admin)'),
    outputs: '`result`.',
    example: { template: 'nova-compute-service-enable', parameters: { host: 'compute-17' } },
  }),
  step: { system: 'openstack', name: 'service-enable', input: ServiceEnableInput, mutating: true },
  // One change per host at a time, shared with nova-compute-service-disable and nova-hypervisor-drain (enabling a
  // host while it drains would let the scheduler place servers back on it).
  mutex: { prefix: 'nova-compute-host', by: ['host'] },
});
