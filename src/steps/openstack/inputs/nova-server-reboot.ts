import * as z from 'zod';
import { ServerId, ServerPollIntervalSeconds, TimeoutSeconds, waiting } from './shared.js';

export const ServerRebootInput = z.strictObject({
  server: ServerId,
  type: z.enum(['SOFT', 'HARD']).default('SOFT').describe('SOFT asks the guest OS; HARD power-cycles the server'),
  ...waiting,
  wait: z.boolean().default(true).describe('Wait until the server is ACTIVE again'),
  timeoutSeconds: TimeoutSeconds.default(600),
  pollIntervalSeconds: ServerPollIntervalSeconds,
});

export type ServerRebootInput = z.infer<typeof ServerRebootInput>;
