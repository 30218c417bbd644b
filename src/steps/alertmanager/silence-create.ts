import { matcherText } from '../../clients/alertmanager/matchers.js';
import { defineStep } from '../runtime/step.js';
import { SilenceCreateInput } from './inputs/silence-create.js';

export const silenceCreate = defineStep({
  system: 'alertmanager',
  name: 'silence-create',
  description:
    'Silence the alerts matching label matchers for a duration; a retry reuses the silence tagged with its key',
  input: SilenceCreateInput,
  mutating: true,
  outputs: { silenceId: 'Id of the silence (created, or found by its key)' },
  target: (input) => `silence of ${input.matchers.map(matcherText).join(', ')}`,
  run: (input, ctx) => import('./run/silence-create.js').then((module) => module.run(input, ctx)),
});
