import { defineStep } from '../runtime/step.js';
import { ProjectContactsInput } from './inputs/keystone-project-contacts.js';

/**
 * The people to tell about a project: every enabled user with a role on it (directly, through a group or inherited,
 * `GET /v3/role_assignments?scope.project.id=...&effective&include_names`, which also lists the roles a role implies,
 * e.g. reader with member) and the e-mail address Keystone keeps for
 * them (`GET /v3/users/{id}`). A project that no longer exists is reported, not fatal: the servers of a deleted
 * project still need their maintenance.
 */
export const projectContacts = defineStep({
  system: 'openstack',
  name: 'project-contacts',
  description: 'The users with a role on each project and their e-mail addresses, for a later notify step',
  input: ProjectContactsInput,
  mutating: false,
  outputs: {
    contacts:
      'JSON list, one entry per project found: [{"projectId","projectName","users":[{"userId","name","domain","email","roles"}]}]',
    emails: 'JSON list of the distinct e-mail addresses of those users, sorted',
  },
  target: (input) => `contacts of ${input.projects.length} projects`,
  run: (input, ctx) => import('./run/keystone-project-contacts.js').then((module) => module.run(input, ctx)),
});
