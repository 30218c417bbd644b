import { z } from 'zod';
import { ServiceEnableInput } from '../../steps/openstack/inputs.js';
import { alertmanagerSilenceExpire } from '../actions/alertmanager-silence-expire.js';
import { notifyMessageSend } from '../actions/notify-message-send.js';
import { novaComputeServiceEnable } from '../actions/nova-compute-service-enable.js';
import { defineComposite, operatorsChannel, varsExpression } from '../composite.js';
import { argoSubmit } from '../description.js';
import { maintenanceKey } from './maintenance-key.js';

const host = '{{workflow.parameters.host}}';

export const openstackHypervisorReturn = defineComposite({
  name: 'openstack-hypervisor-return',
  title: 'Return a hypervisor to service: enable, end the silence, tell the operators',
  description: [
    "Enable the host's nova-compute service, expire the silence `openstack-hypervisor-maintenance` made (key " +
      "`maintenance/<host>`), and tell the operators' channel. The exit handler reports the outcome.",
    '**Changes:** the compute service (enabled: the scheduler places servers there again), the silence (expired). ' +
      'If the enable fails, the silence stays.',
    "**Needs:** clouds.yaml with a Nova admin, the site's Alertmanager (`alertmanager.url`) and the operators' " +
      'channel (`notify.operators`).',
    '**Outputs:** `expired` (JSON: the silences expired).',
    `\`\`\`\n${argoSubmit('openstack-hypervisor-return', { host: 'compute-17' })}\n\`\`\``,
  ].join('\n\n'),
  input: z.strictObject({ host: ServiceEnableInput.shape.host }),
  tasks: [
    { name: 'enable', action: novaComputeServiceEnable, arguments: { host } },
    {
      name: 'unsilence',
      action: alertmanagerSilenceExpire,
      depends: 'enable',
      arguments: { key: maintenanceKey(host) },
    },
    {
      name: 'notifyOperators',
      action: notifyMessageSend,
      depends: 'unsilence',
      arguments: (site) => ({
        ...operatorsChannel(site),
        subject: '${host} is back in service',
        message: 'Compute service enabled and alerts unsilenced (${expired}). ${workflow.url}',
        vars: varsExpression({
          host: 'workflow.parameters.host',
          expired: 'tasks.unsilence.outputs.parameters.expired',
        }),
      }),
    },
  ],
  outputs: { expired: { task: 'unsilence', output: 'expired' } },
  notice: {
    subject: 'Return of ${host}: ${status}',
    message: 'openstack-hypervisor-return of ${host} ended: ${status}. Silences expired: ${expired}. ${workflow.url}',
    vars: {
      host: 'workflow.parameters.host',
      expired: 'workflow.outputs?.parameters?.expired ?? "none: the silence is still there"',
    },
  },
  mutex: { prefix: 'nova-compute-host', by: ['host'] },
});
