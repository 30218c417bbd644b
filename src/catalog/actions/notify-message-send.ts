import { NotifySendInput } from '../../steps/notify/inputs.js';
import { defineAction } from '../action.js';
import { actionDescription } from '../description.js';

export const notifyMessageSend = defineAction({
  name: 'notify-message-send',
  title: 'Send a message to Slack, Webex, a webhook or e-mail',
  description: actionDescription({
    summary:
      'Render `message` (and `subject`) from its `${name}` placeholders, `vars` and the Workflow link ' +
      '(`${workflow.url}`), and send it through one transport of the site. A retry after a lost answer may send ' +
      'it twice (delivery is at least once).',
    changes: 'a message is posted or mailed; `dryRun=true` prints the rendered text and sends nothing.',
    needs:
      "the transport's settings in the site's `notify` (Slack webhook URL or bot token, Webex token, webhook URL, " +
      'SMTP server and password), mounted as files; the Argo UI address (`notify.argoUiUrl`) for the link and the ' +
      'sender (`notify.email.from`) are the defaults of `argoUiUrl` and `from`.',
    outputs: '`messageId` (Slack ts, Webex message id, e-mail Message-ID; empty for webhooks) and `result`.',
    example: {
      template: 'notify-message-send',
      parameters: {
        via: 'slack',
        to: '["C0OPS"]',
        subject: 'Maintenance of ${host}',
        message: 'Compute service disabled: ${reason}. ${workflow.url}',
        vars: '{"host":"compute-17","reason":"DIMM replacement"}',
      },
    },
  }),
  step: {
    system: 'notify',
    name: 'send',
    input: NotifySendInput,
    mutating: true,
    outputs: {
      messageId: 'Id the target gave the message: Slack ts, Webex message id, e-mail Message-ID; empty for webhooks',
    },
  },
});
