import * as z from 'zod';
import { ComputeHost } from './shared.js';

export const ServersOnHostInput = z.strictObject({
  host: ComputeHost('Compute host whose servers are listed (every project)'),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1000)
    .describe('Servers per Nova request (limit); the listing follows the marker to the last page'),
});

export type ServersOnHostInput = z.infer<typeof ServersOnHostInput>;
