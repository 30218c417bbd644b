import * as z from 'zod';
import { NotifyVia } from './shared.js';

/** An address as people write it: `ops@example.com` or `Ops team <ops@example.com>`. */
const ADDRESS = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export const NotifySendInput = z
  .strictObject({
    via: NotifyVia.describe(
      'slack-webhook (SLACK_WEBHOOK_URL), slack (chat.postMessage, SLACK_BOT_TOKEN), webex (WEBEX_TOKEN), webhook ' +
        '(NOTIFY_WEBHOOK_URL, a generic JSON POST) or email (SMTP_HOST...)',
    ),
    to: z
      .array(z.string().min(1).max(320))
      .max(50)
      .default([])
      .describe(
        'Recipients: slack, one channel (ID or name); webex, one room id or one person e-mail; email, the ' +
          'addresses; none for slack-webhook and webhook (their URL decides)',
      ),
    subject: z
      .string()
      .min(1)
      .max(250)
      .optional()
      .describe('Subject template (required for email): the e-mail subject, a bold first line in Slack and Webex'),
    message: z
      .string()
      .min(1)
      .max(20_000)
      .describe(
        'Message template: ${name} is replaced by vars.name or by ${workflow.name}, ${workflow.namespace}, ' +
          '${workflow.uid}, ${workflow.url}; $${ is a literal ${. Slack mrkdwn, Webex markdown, plain text for email',
      ),
    vars: z
      .record(z.string().max(100).regex(VAR_NAME), z.string().max(10_000))
      .default({})
      .describe('Values of the placeholders, e.g. {"host": "cmp1", "reason": "disk"}'),
    argoUiUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .describe('Argo UI address, e.g. https://argo.example.com, for ${workflow.url}'),
    from: z.string().max(320).regex(ADDRESS, 'must be an e-mail address').optional().describe('Sender of e-mails'),
  })
  .superRefine((input, ctx) => {
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
  });

export type NotifySendInput = z.infer<typeof NotifySendInput>;
