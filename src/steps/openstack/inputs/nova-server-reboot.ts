import * as z from '../../../common/zod-mini.js';
import { ServerId, ServerPollIntervalSeconds } from './nova.js';
import { TimeoutSeconds, waiting } from './waiting.js';

export const ServerRebootInput = z.strictObject({
  server: ServerId,
  type: z
    ._default(z.enum(['SOFT', 'HARD']), 'SOFT')
    .check(z.describe('SOFT asks the guest OS; HARD power-cycles the server')),
  ...waiting,
  wait: z._default(z.boolean(), true).check(z.describe('Wait until the server is ACTIVE again')),
  timeoutSeconds: z._default(TimeoutSeconds, 600),
  pollIntervalSeconds: ServerPollIntervalSeconds,
});

export type ServerRebootInput = z.infer<typeof ServerRebootInput>;
