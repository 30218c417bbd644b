import { matcherText } from '../../clients/alertmanager/matchers.js';
import { defineStep } from '../runtime/step.js';
import { SilenceExpireInput } from './inputs/silence-expire.js';

export const silenceExpire = defineStep({
  system: 'alertmanager',
  name: 'silence-expire',
  description: 'Expire a silence by id, or every active or pending silence carrying an idempotency key',
  input: SilenceExpireInput,
  mutating: true,
  outputs: { expired: 'JSON list of the ids of the silences expired (or that would be, in a dry run)' },
  target: (input) =>
    input.id
      ? `silence ${input.id}`
      : `silences with key ${input.key}${input.matchers ? ` of ${input.matchers.map(matcherText).join(', ')}` : ''}`,
  run: (input, ctx) => import('./run/silence-expire.js').then((module) => module.run(input, ctx)),
});
