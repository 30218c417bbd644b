import * as z from '../../../common/zod-mini.js';
import { ComputeHost } from './nova.js';

export const ComputeServiceShowInput = z.strictObject({
  host: ComputeHost('Compute host whose nova-compute service is read'),
});

export type ComputeServiceShowInput = z.infer<typeof ComputeServiceShowInput>;
