import * as z from 'zod';
import { Key, Matchers } from './shared.js';

export const SilenceExpireInput = z
  .strictObject({
    id: z.uuid().max(36).optional().describe('The silence to expire, by id (the silenceId output of silence-create)'),
    key: Key.optional().describe('Expire every active or pending silence carrying this idempotency key'),
    matchers: Matchers.optional().describe(
      'With key: only the silences having all these matchers (same syntax as silence-create)',
    ),
  })
  .refine((input) => (input.id === undefined) !== (input.key === undefined), {
    message: 'give exactly one of id and key',
    path: ['id'],
  })
  .refine((input) => input.matchers === undefined || input.key !== undefined, {
    message: 'matchers narrow a key search; they need key',
    path: ['matchers'],
  });

export type SilenceExpireInput = z.infer<typeof SilenceExpireInput>;
