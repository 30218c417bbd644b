import { z } from 'zod';
import { ProjectCreateInput } from '../../steps/openstack/inputs.js';
import { keystoneProjectCreate } from '../actions/keystone-project-create.js';
import { nautobotTenantSync } from '../actions/nautobot-tenant-sync.js';
import { notifyMessageSend } from '../actions/notify-message-send.js';
import { defineComposite, operatorsChannel, varsExpression } from '../composite.js';
import { argoSubmit } from '../description.js';

const { name, domain, description, users, groups, roles, quota } = ProjectCreateInput.shape;
const wire = (key: string) => `{{workflow.parameters.${key}}}`;

export const openstackProjectOnboard = defineComposite({
  name: 'openstack-project-onboard',
  title: 'Onboard an OpenStack project: create it with quota and roles, sync the tenant, tell the operators',
  description: [
    'Create the Keystone project (or find it), give `users` and `groups` every role in `roles`, set its compute ' +
      "quota, sync it as a Nautobot tenant and tell the operators' channel. Running it again changes nothing that " +
      'is already right. The exit handler reports the outcome.',
    '**Changes:** a Keystone project, its role assignments and Nova quota; a Nautobot tenant.',
    "**Needs:** clouds.yaml with a Keystone and Nova admin, the Nautobot token, the operators' channel " +
      '(`notify.operators`).',
    '**Outputs:** `projectId`.',
    `\`\`\`\n${argoSubmit('openstack-project-onboard', { name: 'team-orion', users: '["alice"]', quota: '{"instances":10,"cores":20}' })}\n\`\`\``,
  ].join('\n\n'),
  input: z.strictObject({ name, domain, description, users, groups, roles, quota }),
  tasks: [
    {
      name: 'create',
      action: keystoneProjectCreate,
      arguments: Object.fromEntries(
        ['name', 'domain', 'description', 'users', 'groups', 'roles', 'quota'].map((key) => [key, wire(key)]),
      ),
    },
    {
      name: 'tenant',
      action: nautobotTenantSync,
      depends: 'create',
      arguments: { projectId: '{{tasks.create.outputs.parameters.projectId}}' },
    },
    {
      name: 'notifyOperators',
      action: notifyMessageSend,
      depends: 'tenant',
      arguments: (site) => ({
        ...operatorsChannel(site),
        subject: 'Project ${name} onboarded',
        message: 'Project ${name} (${projectId}) is ready, with its Nautobot tenant. ${workflow.url}',
        vars: varsExpression({
          name: 'workflow.parameters.name',
          projectId: 'tasks.create.outputs.parameters.projectId',
        }),
      }),
    },
  ],
  outputs: { projectId: { task: 'create', output: 'projectId' } },
  notice: {
    subject: 'Onboarding of ${name}: ${status}',
    message: 'openstack-project-onboard of ${name} ended: ${status}; project id ${projectId}. ${workflow.url}',
    vars: {
      name: 'workflow.parameters.name',
      projectId: 'workflow.outputs?.parameters?.projectId ?? "none: the project was not created"',
    },
  },
  mutex: { prefix: 'keystone-project', by: ['name'] },
});
