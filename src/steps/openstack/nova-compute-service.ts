import { defineStep } from '../runtime/step.js';
import { ServiceDisableInput, ServiceEnableInput } from './inputs/nova-compute-service.js';

export const serviceDisable = defineStep({
  system: 'openstack',
  name: 'service-disable',
  description: "Disable a host's nova-compute service with a reason, so no new server is scheduled there",
  input: ServiceDisableInput,
  mutating: true,
  target: (input) => `nova-compute on ${input.host}`,
  run: (input, ctx) => import('./run/nova-compute-service.js').then((module) => module.runServiceDisable(input, ctx)),
});
export const serviceEnable = defineStep({
  system: 'openstack',
  name: 'service-enable',
  description: "Enable a host's nova-compute service again",
  input: ServiceEnableInput,
  mutating: true,
  target: (input) => `nova-compute on ${input.host}`,
  run: (input, ctx) => import('./run/nova-compute-service.js').then((module) => module.runServiceEnable(input, ctx)),
});
