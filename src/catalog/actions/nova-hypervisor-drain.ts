import { HypervisorDrainInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const novaHypervisorDrain = defineAction({
  name: 'nova-hypervisor-drain',
  title: 'Drain a hypervisor: disable it and move every server off it',
  description: actionDescription({
    summary:
      "Disable the host's nova-compute service, then move every server on it, `concurrency` at a time: running " +
      'servers live, stopped ones cold (confirmed). Running it again moves only what is still there. Fails (the ' +
      'service stays disabled) when a server did not move; the Workflow stops after 12 hours.',
    changes: "the host's compute service is disabled; its servers run elsewhere (cold-migrated ones restarted).",
    needs: openstackNeeds(
      'Nova',
      "to update compute services, list every project's servers and migrations, migrate servers and confirm resizes (an admin)",
    ),
    outputs: '`report` (JSON: the servers moved, and those not moved with the reason) and `result`.',
    example: {
      template: 'nova-hypervisor-drain',
      parameters: { host: 'compute-17', reason: 'DIMM replacement, CHG-1234', concurrency: '2' },
    },
  }),
  step: {
    system: 'openstack',
    name: 'hypervisor-drain',
    input: HypervisorDrainInput,
    mutating: true,
    outputs: { report: 'JSON: the host, the service change, the servers moved and those not moved (with the reason)' },
  },
  // One change per host at a time, shared with the compute service actions; at most two drains across the site,
  // each moving up to `concurrency` servers at once, so the scheduler and the migration network keep room.
  mutex: { prefix: 'nova-compute-host', by: ['host'] },
  maxParallel: 2,
  // A host's servers move `concurrency` at a time, each within serverTimeoutSeconds (at most 14400); the whole has no
  // bound of its own: 12 hours covers, e.g., 40 servers at the default concurrency 2 and 30 minutes each.
  stepSeconds: 12 * 3600,
});
