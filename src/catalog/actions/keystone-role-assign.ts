import { RoleAssignInput } from '../../steps/openstack/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';
import { openstackNeeds } from '../openstack.js';

export const keystoneRoleAssign = defineAction({
  name: 'keystone-role-assign',
  title: 'Give a Keystone user or group a role on a project or domain',
  description: actionDescription({
    summary:
      'Assign `role` to exactly one of `user` or `group`, on exactly one of `project` or `domain`. An assignment ' +
      'that exists already is left as it is (checked first, so no duplicate notification is sent).',
    changes: 'one Keystone role assignment.',
    needs: openstackNeeds('Keystone', 'to read users, groups, projects and roles and to assign roles'),
    outputs: '`result`.',
    example: {
      template: 'keystone-role-assign',
      parameters: { role: 'member', user: 'alice', project: 'shop-prod' },
    },
  }),
  step: { system: 'openstack', name: 'role-assign', input: RoleAssignInput, mutating: true },
  // No lock: an assignment is a PUT of one fact, which two runs make alike.
});
