import { defineStep } from '../runtime/step.js';
import { HypervisorDrainInput } from './inputs/nova-hypervisor-drain.js';

/**
 * Empties a compute host: disables its nova-compute service (so nothing new lands there), then moves every server on
 * it, `concurrency` at a time, each within its own timeout. The report output says what moved and what did not.
 * Running it again skips what already left (only servers still on the host are listed). Exit 0 when the host is
 * empty; otherwise 75 when a retry may finish the job (a timeout, a transient API failure), else 3.
 */
export const hypervisorDrain = defineStep({
  system: 'openstack',
  name: 'hypervisor-drain',
  description: 'Disable a compute host and move every server off it, reporting what moved and what did not',
  input: HypervisorDrainInput,
  mutating: true,
  outputs: { report: 'JSON: the host, the service change, the servers moved and those not moved (with the reason)' },
  target: (input) => `hypervisor ${input.host}`,
  run: (input, ctx) => import('./run/nova-hypervisor-drain.js').then((module) => module.run(input, ctx)),
});
