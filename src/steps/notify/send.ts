import { defineStep } from '../runtime/step.js';
import { type NotifySendInput, NotifySendInput as Schema } from './inputs/send.js';

/** ` to <a>, <b>` for the message's recipients (`to`), empty when it names none. */
export function recipients(input: NotifySendInput): string {
  return input.to.length > 0 ? ` to ${input.to.join(', ')}` : '';
}

export const notifySend = defineStep({
  system: 'notify',
  name: 'send',
  description:
    'Send a message rendered from a template (with the Workflow link) to Slack, Webex, a JSON webhook or e-mail',
  input: Schema,
  mutating: true,
  outputs: {
    messageId: 'Id the target gave the message: Slack ts, Webex message id, e-mail Message-ID; empty for webhooks',
  },
  target: (input) => `${input.via}${recipients(input)}`,
  run: (input, ctx) => import('./run/send.js').then((module) => module.run(input, ctx)),
});
