import * as z from '../../../common/zod-mini.js';
import { ComputeHost } from './nova.js';

export const ServersOnHostInput = z.strictObject({
  host: ComputeHost('Compute host whose servers are listed (every project)'),
  pageSize: z
    ._default(z.int().check(z.minimum(1), z.maximum(1000)), 1000)
    .check(z.describe('Servers per Nova request (limit); the listing follows the marker to the last page')),
});

export type ServersOnHostInput = z.infer<typeof ServersOnHostInput>;
