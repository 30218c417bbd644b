import * as z from 'zod';

/**
 * Input schema of the notify step. It is also the WorkflowTemplate parameters of the actions that run the step and
 * what `opsflow run` validates, so it is declared once here.
 */

export const NotifyVia = z.enum(['slack-webhook', 'slack', 'webex', 'webhook', 'email']);
export type NotifyVia = z.infer<typeof NotifyVia>;

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

const TASK_NAME = /^[a-z][A-Za-z0-9]*$/;

/** One diagnosis as the runbook's DAG hands it over: its Argo node phase and its output parameters. */
export const DiagnosisRecord = z.strictObject({
  name: z.string().max(63).regex(TASK_NAME, 'must be a camelCase task name'),
  title: z.string().min(1).max(200),
  /** `tasks.<name>.status`: Succeeded, Failed, Error, or "" when it did not finish. */
  phase: z.string().max(20),
  outputs: z.record(z.string().max(63).regex(TASK_NAME), z.string().max(65_536)).default({}),
});
export type DiagnosisRecord = z.infer<typeof DiagnosisRecord>;

/** A rule: suggest `remediation` when the named output of a diagnosis that succeeded matches `matches`. */
export const SuggestionRule = z.strictObject({
  remediation: z.string().max(63).regex(TASK_NAME, 'must be a camelCase task name'),
  reason: z.string().min(1).max(500),
  diagnosis: z.string().max(63).regex(TASK_NAME),
  output: z.string().max(63).regex(TASK_NAME),
  matches: z
    .string()
    .min(1)
    .max(500)
    .refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'must be a regular expression'),
});
export type SuggestionRule = z.infer<typeof SuggestionRule>;

export const RunbookReportInput = z
  .strictObject({
    title: z
      .string()
      .min(1)
      .max(250)
      .describe('First line of the report, e.g. "KubePodCrashLooping: shop/web-1 on prod"'),
    diagnoses: z
      .array(DiagnosisRecord)
      .min(1)
      .max(20)
      .describe('The diagnoses: [{name, title, phase, outputs: {<output>: <value>}}], phase "" when it did not finish'),
    suggestions: z
      .array(SuggestionRule)
      .max(20)
      .default([])
      .describe(
        'Rules in order, the first that holds wins: [{remediation, reason, diagnosis, output, matches}], `matches` a ' +
          'regular expression the output of a Succeeded diagnosis must match',
      ),
  })
  .superRefine((input, ctx) => {
    const names = input.diagnoses.map((diagnosis) => diagnosis.name);
    input.suggestions.forEach((rule, index) => {
      if (!names.includes(rule.diagnosis)) {
        ctx.addIssue({
          code: 'custom',
          path: ['suggestions', index, 'diagnosis'],
          message: `${JSON.stringify(rule.diagnosis)} is not one of the diagnoses (${names.join(', ')})`,
        });
      }
    });
  });
export type RunbookReportInput = z.infer<typeof RunbookReportInput>;
