import { z } from 'zod';
import { ironicNodeShow } from '../actions/ironic-node-show.js';
import { novaComputeServiceShow } from '../actions/nova-compute-service-show.js';
import { novaHypervisorServers } from '../actions/nova-hypervisor-servers.js';
import { openstackHypervisorMaintenance } from '../composites/openstack-hypervisor-maintenance.js';
import { argoSubmit } from '../description.js';
import { defineRunbook } from '../runbook.js';

const host = '{{workflow.parameters.host}}';
const maintenance = openstackHypervisorMaintenance.input.shape;

export const novaHypervisorDown = defineRunbook({
  name: 'openstack-hypervisor-down-runbook',
  title: 'NovaHypervisorDown: diagnose the host, suggest its maintenance, run it on approval',
  description: [
    'The incident flow of a `NovaHypervisorDown` alert (label `host`). In parallel, each within its deadline: the ' +
      "host's nova-compute service (up or down, enabled or disabled), its servers (every project), and the state " +
      'of the Ironic node of the same name. A report suggests `openstack-hypervisor-maintenance` when the service ' +
      "is down, and goes to the operators' channel; on `opsflow approve` (within 30 minutes, else the run is rejected) " +
      'the maintenance runs here with these parameters (silence, disable, tell the owners, drain); the exit handler ' +
      'tells the outcome with the drain report.',
    '**Changes:** only on approval, what `openstack-hypervisor-maintenance` changes: a silence, the compute ' +
      'service (disabled), the servers (moved).',
    '**Needs:** what `openstack-hypervisor-maintenance` needs, and a reader of Ironic nodes.',
    "**Outputs:** `remediation`, `reason`, and the maintenance's `report` and `servers` when it ran.",
    `\`\`\`\n${argoSubmit('openstack-hypervisor-down-runbook', { host: 'compute-17' })}\n\`\`\``,
  ].join('\n\n'),
  alert: { name: 'NovaHypervisorDown', labels: ['host'] },
  // The maintenance's parameters, defaulted so that the alert's `host` alone starts a run.
  input: z.strictObject({
    ...maintenance,
    reason: z._default(maintenance.reason, 'NovaHypervisorDown: nova-compute is down'),
    // The runbook's decision is the approval; the maintenance's own (which `opsflow approve` would not find inside
    // the runbook) stays off: Argo refuses any other value (enum).
    approval: z.enum(['false']).default('false').describe("Off: the runbook's decision approves the maintenance"),
  }),
  target: `hypervisor ${host}`,
  diagnoses: [
    {
      name: 'computeService',
      title: 'nova-compute service',
      action: novaComputeServiceShow,
      arguments: { host },
      deadlineSeconds: 120,
    },
    {
      name: 'hostServers',
      title: 'Servers on the host',
      action: novaHypervisorServers,
      arguments: { host },
      deadlineSeconds: 180,
    },
    // Bare-metal hypervisors are enrolled under their host name (ironic-node-enroll `name`).
    {
      name: 'ironicNode',
      title: 'Ironic node',
      action: ironicNodeShow,
      arguments: { node: host },
      deadlineSeconds: 120,
    },
  ],
  suggestions: [
    {
      remediation: 'maintenance',
      reason: 'nova-compute on the host is down: keep the scheduler away and move its servers to other hosts',
      diagnosis: 'computeService',
      output: 'state',
      matches: '^down$',
    },
  ],
  remediations: [{ name: 'maintenance', composite: openstackHypervisorMaintenance, outcome: 'report' }],
  approval: { timeout: '30m' },
  // The host's lock, shared with the maintenance and the single Nova host actions.
  mutex: { prefix: 'nova-compute-host', by: ['host'] },
});
