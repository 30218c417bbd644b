import * as z from '../../../common/zod-mini.js';
import { NotifyVia } from './shared.js';

/** An address as people write it: `ops@example.com` or `Ops team <ops@example.com>`. */
const ADDRESS = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export const NotifySendInput = z
  .strictObject({
    via: NotifyVia.check(
      z.describe(
        'slack-webhook (SLACK_WEBHOOK_URL), slack (chat.postMessage, SLACK_BOT_TOKEN), webex (WEBEX_TOKEN), webhook ' +
          '(NOTIFY_WEBHOOK_URL, a generic JSON POST) or email (SMTP_HOST...)',
      ),
    ),
    to: z
      ._default(z.array(z.string().check(z.minLength(1), z.maxLength(320))).check(z.maxLength(50)), [])
      .check(
        z.describe(
          'Recipients: slack, one channel (ID or name); webex, one room id or one person e-mail; email, the ' +
            'addresses; none for slack-webhook and webhook (their URL decides)',
        ),
      ),
    subject: z
      .optional(z.string().check(z.minLength(1), z.maxLength(250)))
      .check(
        z.describe('Subject template (required for email): the e-mail subject, a bold first line in Slack and Webex'),
      ),
    message: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(20_000),
        z.describe(
          'Message template: ${name} is replaced by vars.name or by ${workflow.name}, ${workflow.namespace}, ' +
            '${workflow.uid}, ${workflow.url}; $${ is a literal ${. Slack mrkdwn, Webex markdown, plain text for email',
        ),
      ),
    vars: z
      ._default(
        z.record(z.string().check(z.maxLength(100), z.regex(VAR_NAME)), z.string().check(z.maxLength(10_000))),
        {},
      )
      .check(z.describe('Values of the placeholders, e.g. {"host": "cmp1", "reason": "disk"}')),
    argoUiUrl: z
      .optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)))
      .check(z.describe('Argo UI address, e.g. https://argo.example.com, for ${workflow.url}')),
    from: z
      .optional(z.string().check(z.maxLength(320), z.regex(ADDRESS, 'must be an e-mail address')))
      .check(z.describe('Sender of e-mails')),
  })
  .check(
    z.superRefine((input, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      for (const name of Object.keys(input.vars)) {
        if (name.startsWith('workflow.')) issue('vars', `${name}: the workflow.* names are the step's own`);
      }
      switch (input.via) {
        case 'slack-webhook':
        case 'webhook':
          if (input.to.length > 0) issue('to', `${input.via}: leave empty, the webhook URL decides where it goes`);
          break;
        case 'slack':
        case 'webex':
          if (input.to.length !== 1)
            issue(
              'to',
              `${input.via}: give exactly one ${input.via === 'slack' ? 'channel' : 'room id or person e-mail'}`,
            );
          break;
        case 'email':
          if (input.to.length === 0) issue('to', 'email: give at least one address');
          for (const address of input.to) {
            if (!ADDRESS.test(address)) issue('to', `email: ${JSON.stringify(address)} is not an e-mail address`);
          }
          if (input.from === undefined) issue('from', 'email needs a sender');
          if (input.subject === undefined) issue('subject', 'email needs a subject');
          break;
      }
    }),
  );

export type NotifySendInput = z.infer<typeof NotifySendInput>;
