import * as z from '../../../common/zod-mini.js';
import { ComputeHost, ServiceReason } from './nova.js';

export const ServiceDisableInput = z.strictObject({
  host: ComputeHost('Compute host whose nova-compute service is disabled'),
  reason: ServiceReason,
});

export type ServiceDisableInput = z.infer<typeof ServiceDisableInput>;

export const ServiceEnableInput = z.strictObject({
  host: ComputeHost('Compute host whose nova-compute service is enabled'),
});

export type ServiceEnableInput = z.infer<typeof ServiceEnableInput>;
