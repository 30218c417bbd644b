import * as z from '../../../common/zod-mini.js';
import { Key, Matchers } from './shared.js';

export const SilenceExpireInput = z
  .strictObject({
    id: z
      .optional(z.uuid().check(z.maxLength(36)))
      .check(z.describe('The silence to expire, by id (the silenceId output of silence-create)')),
    key: z.optional(Key).check(z.describe('Expire every active or pending silence carrying this idempotency key')),
    matchers: z
      .optional(Matchers)
      .check(z.describe('With key: only the silences having all these matchers (same syntax as silence-create)')),
  })
  .check(
    z.refine((input) => (input.id === undefined) !== (input.key === undefined), {
      message: 'give exactly one of id and key',
      path: ['id'],
    }),
    z.refine((input) => input.matchers === undefined || input.key !== undefined, {
      message: 'matchers narrow a key search; they need key',
      path: ['matchers'],
    }),
  );

export type SilenceExpireInput = z.infer<typeof SilenceExpireInput>;
