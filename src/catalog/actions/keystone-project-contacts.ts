import { ProjectContactsInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const keystoneProjectContacts = defineAction({
  name: 'keystone-project-contacts',
  title: 'The owners of projects and their e-mail addresses',
  description: actionDescription({
    summary:
      'For each project, the users with a role on it (optionally only `roles`), directly or through a group, with ' +
      'their e-mail addresses: who to tell about the servers of those projects.',
    changes: 'Nothing.',
    needs: openstackNeeds('Keystone', 'to read projects, role assignments and users (an admin or a reader)'),
    outputs: '`contacts` (JSON, per project), `emails` (JSON, distinct and sorted) and `result`.',
    example: {
      template: 'keystone-project-contacts',
      parameters: { projects: '["8d1f0f5ac2a54a6f8c5e1b1f2c3d4e5f"]', roles: '["admin"]' },
    },
  }),
  step: {
    system: 'openstack',
    name: 'project-contacts',
    input: ProjectContactsInput,
    mutating: false,
    outputs: {
      contacts:
        'JSON list, one entry per project found: [{"projectId","projectName","users":[{"userId","name","domain","email","roles"}]}]',
      emails: 'JSON list of the distinct e-mail addresses of those users, sorted',
    },
  },
});
