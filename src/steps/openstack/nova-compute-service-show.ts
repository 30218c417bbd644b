import { defineStep } from '../runtime/step.js';
import { ComputeServiceShowInput } from './inputs/nova-compute-service-show.js';

/**
 * A read-only diagnosis: what Nova thinks of a compute host's nova-compute service (`GET /os-services`): `state` is
 * up or down (its heartbeat), `status` enabled or disabled (the scheduler's), with the reason it was disabled.
 */
export const computeServiceShow = defineStep({
  system: 'openstack',
  name: 'compute-service-show',
  description: "Read a compute host's nova-compute service: state (up/down), status (enabled/disabled) and reason",
  input: ComputeServiceShowInput,
  mutating: false,
  outputs: {
    state: 'up or down: whether Nova hears from the nova-compute service',
    status: 'enabled or disabled: whether the scheduler places servers on the host',
    disabledReason: 'Why the service is disabled, empty when it is enabled or no reason was given',
  },
  target: (input) => `nova-compute on ${input.host}`,
  run: (input, ctx) => import('./run/nova-compute-service-show.js').then((module) => module.run(input, ctx)),
});
