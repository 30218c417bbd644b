import { z } from 'zod';
import { Duration } from '../../steps/alertmanager/inputs.js';
import { HypervisorDrainInput, ProjectContactsInput, ServiceDisableInput } from '../../steps/openstack/inputs.js';
import { alertmanagerSilenceCreate } from '../actions/alertmanager-silence-create.js';
import { keystoneProjectContacts } from '../actions/keystone-project-contacts.js';
import { notifyMessageSend } from '../actions/notify-message-send.js';
import { novaComputeServiceDisable } from '../actions/nova-compute-service-disable.js';
import { novaHypervisorDrain } from '../actions/nova-hypervisor-drain.js';
import { novaHypervisorServers } from '../actions/nova-hypervisor-servers.js';
import { defineComposite, operatorsChannel, varsExpression } from '../composite.js';
import { argoSubmit } from '../description.js';
import { maintenanceKey } from './maintenance-key.js';

const host = '{{workflow.parameters.host}}';
const reason = '{{workflow.parameters.reason}}';
const messageVars = varsExpression({ host: 'workflow.parameters.host', reason: 'workflow.parameters.reason' });

export const openstackHypervisorMaintenance = defineComposite({
  name: 'openstack-hypervisor-maintenance',
  title: 'Hypervisor maintenance: silence, disable, tell the owners, drain',
  description: [
    "Silence the host's alerts for `window` (key `maintenance/<host>`), disable its nova-compute service with " +
      "`reason`, list its servers and the e-mail addresses of their projects' users, tell them (e-mail) and the " +
      "operators' channel, wait for an approval when `approval=true`, then drain the host `concurrency` servers at a " +
      'time. The exit handler tells the operators the outcome with the drain report.',
    '**Changes:** a silence, the compute service (disabled), the servers (moved). An incomplete drain fails the ' +
      'run and leaves the service disabled and the silence in place; the `report` output lists what moved and what ' +
      'is left. `openstack-hypervisor-return` undoes it.',
    "**Needs:** the site's Alertmanager (`alertmanager.url`), clouds.yaml with an admin for Nova and a reader of " +
      "Keystone, SMTP (`notify.email`) and the operators' channel (`notify.operators`).",
    '**Outputs:** `report` (JSON: moved, notMoved with the reason) and `servers` (JSON: the servers found).',
    `\`\`\`\n${argoSubmit('openstack-hypervisor-maintenance', { host: 'compute-17', reason: 'DIMM replacement, CHG-1234', window: '4h' })}\n\`\`\``,
  ].join('\n\n'),
  input: z.strictObject({
    host: HypervisorDrainInput.shape.host,
    reason: ServiceDisableInput.shape.reason,
    // Duration is a step input (zod/mini): zod's functions wrap it.
    window: z._default(Duration, '4h').describe('How long the alerts of the host stay silenced, e.g. "4h", "1d"'),
    hostLabel: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name')
      .default('instance')
      .describe("Alert label that carries the host's name: the silence matches <hostLabel>=<host>"),
    ownerRoles: ProjectContactsInput.shape.roles,
    concurrency: HypervisorDrainInput.shape.concurrency,
    approval: z.boolean().default(false).describe('Wait for opsflow approve (or argo resume) before the drain'),
  }),
  tasks: [
    {
      name: 'silence',
      action: alertmanagerSilenceCreate,
      arguments: {
        matchers: `["{{workflow.parameters.hostLabel}}=${host}"]`,
        duration: '{{workflow.parameters.window}}',
        comment: `maintenance: ${reason}`,
        key: maintenanceKey(host),
      },
    },
    { name: 'disable', action: novaComputeServiceDisable, depends: 'silence', arguments: { host, reason } },
    { name: 'servers', action: novaHypervisorServers, depends: 'disable', arguments: { host } },
    {
      name: 'contacts',
      action: keystoneProjectContacts,
      depends: 'servers',
      // project-contacts wants at least one project: an empty host skips it (and so the owners' e-mail).
      when: "{{=tasks.servers.outputs.parameters.projectIds != '[]'}}",
      arguments: {
        projects: '{{tasks.servers.outputs.parameters.projectIds}}',
        roles: '{{workflow.parameters.ownerRoles}}',
      },
    },
    {
      name: 'notifyOwners',
      action: notifyMessageSend,
      // Only after contacts ran: a skipped one has no outputs. No address found: no one to tell (e-mail needs one).
      depends: 'contacts.Succeeded',
      when: "{{=tasks.contacts.outputs.parameters.emails != '[]'}}",
      arguments: {
        via: 'email',
        to: '{{tasks.contacts.outputs.parameters.emails}}',
        subject: 'Maintenance of hypervisor ${host}: your servers move',
        message:
          'Your servers on hypervisor ${host} are being moved to other hypervisors (running ones live) for ' +
          'maintenance: ${reason}. Progress: ${workflow.url}',
        vars: messageVars,
      },
    },
    {
      name: 'notifyOperators',
      action: notifyMessageSend,
      depends: 'contacts',
      arguments: (site) => ({
        ...operatorsChannel(site),
        subject: 'Maintenance of ${host} started',
        message:
          'Alerts silenced and compute service disabled (${reason}); owners told: ${owners}. Next: the drain. ' +
          '${workflow.url}',
        vars: varsExpression({
          host: 'workflow.parameters.host',
          reason: 'workflow.parameters.reason',
          // Guarded: contacts is skipped on an empty host (Argo v4.1.2 util/template/expression_template.go
          // guardVisitor: a `??`-guarded reference is not a missing variable).
          owners: 'tasks.contacts.outputs?.parameters?.emails ?? "[]"',
        }),
      }),
    },
    {
      name: 'approval',
      approval: true,
      // The owners were told, or there was no one to tell (contacts skipped: notifyOwners omitted); a failed notice
      // stops the run before anything moves. Omitted is a task result of `depends` (workflow/common/ancestry.go).
      depends: '(notifyOwners || notifyOwners.Omitted) && notifyOperators',
      when: '{{workflow.parameters.approval}} == true',
    },
    {
      name: 'drain',
      action: novaHypervisorDrain,
      depends: 'approval',
      arguments: { host, reason, concurrency: '{{workflow.parameters.concurrency}}' },
    },
  ],
  outputs: { report: { task: 'drain', output: 'report' }, servers: { task: 'servers', output: 'servers' } },
  notice: {
    subject: 'Maintenance of ${host}: ${status}',
    message:
      'openstack-hypervisor-maintenance of ${host} (${reason}) ended: ${status}. Drain report (moved, notMoved): ' +
      '${report}. Unless it Succeeded, the compute service stays disabled and the alerts stay silenced (key ' +
      'maintenance/${host}) until openstack-hypervisor-return. ${workflow.url}',
    vars: {
      host: 'workflow.parameters.host',
      reason: 'workflow.parameters.reason',
      report: 'workflow.outputs?.parameters?.report ?? "none: the drain did not run"',
    },
  },
  // The host's lock, shared with nova-compute-service-disable/-enable, nova-hypervisor-drain and the return.
  mutex: { prefix: 'nova-compute-host', by: ['host'] },
});
