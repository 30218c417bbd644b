import { PreconditionError, type StepError, TransientError } from '../../steps/runtime/errors.js';
import { HttpClient, type HttpClientOptions, toStepError } from '../http/index.js';

/**
 * Slack's Web API answers HTTP 200 with `{ok: false, error}` for most failures
 * (https://api.slack.com/web#evaluating_responses). These mean "try again later"; every other error is final.
 */
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'service_unavailable',
  'internal_error',
  'fatal_error',
  'request_timeout',
  'team_added_to_org',
]);

/** HTTP settings of the notification clients (tests make retries fast). */
export interface PostOptions {
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly retry?: HttpClientOptions['retry'];
  readonly onRetry?: HttpClientOptions['onRetry'];
  readonly signal?: AbortSignal;
}

/**
 * An incoming webhook: `POST <url>` with `{text}`; Slack answers `ok` as text, or an error code as text with a 4xx
 * (`invalid_payload`, `no_service`, `channel_not_found`, `action_prohibited`...), 429 with Retry-After when throttled.
 * The URL is the credential, so errors show only its origin.
 */
export async function postSlackWebhook(webhookUrl: string, text: string, options: PostOptions = {}): Promise<void> {
  const http = new HttpClient({ baseUrl: new URL(webhookUrl).origin, ...options });
  try {
    await http.post(webhookUrl, { json: { text }, secretUrl: true });
  } catch (error) {
    throw toStepError(error, 'Slack incoming webhook');
  }
}

export interface SlackMessage {
  /** A channel ID (C..., G..., D...) or name. */
  readonly channel: string;
  readonly text: string;
}

/** `chat.postMessage` with a bot token; returns the message's `ts`. */
export async function postSlackMessage(
  apiUrl: string,
  token: string,
  message: SlackMessage,
  options: PostOptions = {},
): Promise<{ ts: string; channel: string }> {
  const http = new HttpClient({
    baseUrl: `${apiUrl.replace(/\/+$/, '')}/`,
    ...options,
    headers: { authorization: `Bearer ${token}` },
  });
  const what = `Slack chat.postMessage to ${message.channel}`;
  let data: { ok?: boolean; error?: string; ts?: string; channel?: string };
  try {
    const res = await http.post<typeof data>('chat.postMessage', {
      json: message,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    data = res.data ?? {};
  } catch (error) {
    throw toStepError(error, what);
  }
  if (data.ok !== true) throw slackError(what, data.error);
  return { ts: data.ts ?? '', channel: data.channel ?? message.channel };
}

function slackError(what: string, code: string | undefined): StepError {
  const message = `${what}: Slack answered ok=false, error ${JSON.stringify(code ?? 'unknown')}`;
  return code && TRANSIENT_ERRORS.has(code) ? new TransientError(message) : new PreconditionError(message);
}
