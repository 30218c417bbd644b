import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type PostOptions,
  postJsonWebhook,
  postSlackMessage,
  postSlackWebhook,
  postWebexMessage,
  type SmtpSecurity,
  type SmtpSettings,
  sendEmail,
} from '../../../clients/notify/index.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { NotifySendInput } from '../inputs/send.js';
import { recipients } from '../send.js';
import { renderTemplate, slackEscape, type WorkflowInfo, workflowInfo } from './template.js';

const SLACK_API_URL = 'https://slack.com/api';
const WEBEX_API_URL = 'https://webexapis.com/v1';

/** The message as the target receives it. */
interface Rendered {
  readonly subject?: string;
  /** Slack's text, Webex's markdown, the e-mail body, the webhook's `text`. */
  readonly text: string;
  readonly workflow: WorkflowInfo;
}

function render(input: NotifySendInput, env: StepContext['env']): Rendered {
  const workflow = workflowInfo(env, input.argoUiUrl);
  const values: Record<string, string> = {
    ...input.vars,
    'workflow.name': workflow.name,
    'workflow.namespace': workflow.namespace,
    'workflow.uid': workflow.uid,
    'workflow.url': workflow.url,
  };
  const escapeValue = input.via === 'slack' || input.via === 'slack-webhook' ? slackEscape : undefined;
  const subject =
    input.subject === undefined ? undefined : renderTemplate('subject', input.subject, values, escapeValue);
  const body = renderTemplate('message', input.message, values, escapeValue);
  switch (input.via) {
    case 'slack':
    case 'slack-webhook':
      return { subject, text: subject ? `*${subject}*\n${body}` : body, workflow };
    case 'webex':
      return { subject, text: subject ? `**${subject}**\n\n${body}` : body, workflow };
    default:
      return { subject, text: body, workflow };
  }
}

async function required(ctx: StepContext, name: string, what: string): Promise<string> {
  const value = await ctx.secret(name);
  if (!value) throw new PreconditionError(`no ${what}: set ${name} or ${name}_FILE`);
  return value;
}

/** A webhook address: a secret, so a malformed one is reported without its value. */
async function webhookUrl(ctx: StepContext, name: string, what: string): Promise<string> {
  const value = await required(ctx, name, what);
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new PreconditionError(`${name} must be an http(s) URL (its value is not shown: it is a secret)`);
  }
  return value;
}

function url(ctx: StepContext, name: string, fallback: string): string {
  const value = ctx.env[name] || fallback;
  if (!/^https?:\/\//.test(value)) {
    throw new PreconditionError(`${name} must be an http(s) address, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The same for every attempt of one send in one Workflow (Argo's retry of the step after an exit 75 renders the same
 * message for the same Workflow uid), different for another Workflow or message: what lets a receiver recognise a
 * repeated delivery. Undefined outside a Workflow. Slack's chat.postMessage and Webex's POST /messages take no such
 * key (their API references document none), so a message whose answer was lost may appear twice there.
 */
function deliveryKey(input: NotifySendInput, rendered: Rendered): string | undefined {
  const workflow = rendered.workflow.uid || rendered.workflow.name;
  if (!workflow) return undefined;
  const parts = [workflow, input.via, ...input.to, rendered.subject ?? '', rendered.text];
  return `opsflow-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}

/** Sends the message; returns the id the target gave it ('' for webhooks, which give none). */
async function deliver(input: NotifySendInput, rendered: Rendered, ctx: StepContext): Promise<string> {
  const key = deliveryKey(input, rendered);
  const http: PostOptions = { onRetry: (info) => ctx.log.warn('notify-retry', { ...info }), signal: ctx.signal };
  const [to = ''] = input.to;
  switch (input.via) {
    case 'slack-webhook':
      await postSlackWebhook(await webhookUrl(ctx, 'SLACK_WEBHOOK_URL', 'Slack webhook'), rendered.text, http);
      return '';
    case 'slack': {
      const token = await required(ctx, 'SLACK_BOT_TOKEN', 'Slack bot token');
      const api = url(ctx, 'SLACK_API_URL', SLACK_API_URL);
      return (await postSlackMessage(api, token, { channel: to, text: rendered.text }, http)).ts;
    }
    case 'webex': {
      const token = await required(ctx, 'WEBEX_TOKEN', 'Webex access token');
      const api = url(ctx, 'WEBEX_API_URL', WEBEX_API_URL);
      const recipient = to.includes('@') ? { toPersonEmail: to } : { roomId: to };
      return (await postWebexMessage(api, token, { ...recipient, markdown: rendered.text }, http)).id;
    }
    case 'webhook': {
      const hook = await webhookUrl(ctx, 'NOTIFY_WEBHOOK_URL', 'webhook URL');
      const body = {
        id: key ?? null,
        subject: rendered.subject ?? null,
        text: rendered.text,
        workflow: rendered.workflow,
        vars: input.vars,
      };
      await postJsonWebhook(hook, body, await ctx.secret('NOTIFY_WEBHOOK_TOKEN'), { ...http, idempotencyKey: key });
      return '';
    }
    case 'email': {
      const from = input.from ?? '';
      // One Message-ID for every attempt: a mail system or reader that sees it twice knows it is the same message.
      const messageId = key ? `<${key}@${/@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'opsflow.invalid'}>` : undefined;
      const email = { from, to: input.to, subject: rendered.subject ?? '', text: rendered.text, messageId };
      return (await sendEmail(await smtpSettings(ctx), email)).messageId;
    }
  }
}

const DEFAULT_PORTS: Record<SmtpSecurity, number> = { starttls: 587, tls: 465, none: 25 };

/** SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME with SMTP_PASSWORD(_FILE), SMTP_CA_FILE. */
async function smtpSettings(ctx: StepContext): Promise<SmtpSettings> {
  const { SMTP_HOST: host, SMTP_PORT: port, SMTP_USERNAME: user, SMTP_CA_FILE: caFile } = ctx.env;
  const security = (ctx.env.SMTP_SECURITY || 'starttls') as SmtpSecurity;
  if (!host) throw new PreconditionError('no SMTP server: set SMTP_HOST');
  if (!Object.hasOwn(DEFAULT_PORTS, security)) {
    throw new PreconditionError(`SMTP_SECURITY must be starttls, tls or none, got ${JSON.stringify(security)}`);
  }
  const portNumber = port ? Number(port) : DEFAULT_PORTS[security];
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new PreconditionError(`SMTP_PORT must be a port number, got ${JSON.stringify(port)}`);
  }
  const pass = user ? await required(ctx, 'SMTP_PASSWORD', `password for SMTP_USERNAME ${user}`) : undefined;
  if (pass && security === 'none') {
    throw new PreconditionError('SMTP_SECURITY=none would send the SMTP password in clear; use starttls or tls');
  }
  return {
    host,
    port: portNumber,
    security,
    auth: user && pass ? { user, pass } : undefined,
    ca: caFile ? await readFile(caFile, 'utf8') : undefined,
  };
}

export async function run(input: NotifySendInput, ctx: StepContext): Promise<StepResult> {
  const rendered = render(input, ctx.env);
  const details = { via: input.via, to: input.to, subject: rendered.subject ?? null, text: rendered.text };
  if (ctx.dryRun) {
    await ctx.output('messageId', '');
    return {
      outcome: 'dry-run',
      message: `would send via ${input.via}${recipients(input)}:\n${rendered.text}`,
      details,
    };
  }
  const messageId = await deliver(input, rendered, ctx);
  await ctx.output('messageId', messageId);
  return {
    outcome: 'changed',
    message: `sent via ${input.via}${recipients(input)}`,
    details: { ...details, messageId },
  };
}
