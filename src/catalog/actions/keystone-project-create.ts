import { ProjectCreateInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const keystoneProjectCreate = defineAction({
  name: 'keystone-project-create',
  title: 'Create a Keystone project with its members, roles and quota',
  description: actionDescription({
    summary:
      'Create a project (or find it by name and domain), give `users` and `groups` every role in `roles` on it and ' +
      'set its compute quota. Every name is resolved first, so a typo fails before anything exists; running it ' +
      'again changes only what differs.',
    changes: 'a Keystone project, its role assignments and its Nova quota.',
    needs: openstackNeeds(
      'Keystone',
      'to create projects and assign roles in the domain (and Nova to set quotas, with `quota`)',
    ),
    outputs: '`projectId` and `result`.',
    example: {
      template: 'keystone-project-create',
      parameters: {
        name: 'shop-prod',
        users: '["alice"]',
        roles: '["member"]',
        quota: '{"instances":10,"cores":20,"ramMb":51200}',
      },
    },
  }),
  step: {
    system: 'openstack',
    name: 'project-create',
    input: ProjectCreateInput,
    mutating: true,
    outputs: { projectId: 'ID of the project' },
  },
  // Two runs for one project would both find it missing and both create it.
  // Keyed on the name alone: Keystone names are free text, and only a key's last part may hold its separator
  // (docs/generator.md, "Locks"); same-named projects of two domains wait for each other, nothing worse.
  mutex: { prefix: 'keystone-project', by: ['name'] },
});
