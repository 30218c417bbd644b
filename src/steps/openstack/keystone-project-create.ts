import { defineStep } from '../runtime/step.js';
import { ProjectCreateInput } from './inputs/keystone-project-create.js';

export const projectCreate = defineStep({
  system: 'openstack',
  name: 'project-create',
  description:
    'Create a Keystone project (or find it by name and domain), give users and groups their roles on it and set its ' +
    'compute quota; running it again changes only what differs',
  input: ProjectCreateInput,
  mutating: true,
  outputs: { projectId: 'ID of the project' },
  target: (input) => `project ${input.name} in domain ${input.domain}`,
  run: (input, ctx) => import('./run/keystone-project-create.js').then((module) => module.run(input, ctx)),
});
