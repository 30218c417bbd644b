import { randomUUID } from 'node:crypto';
import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/** The credentials the fakes accept. */
export const SLACK_BOT_TOKEN = 'xoxb-1111-2222-fakeSlackBotToken';
export const WEBHOOK_PATH = '/services/T0001/B0001/fakeIncomingWebhookSecret';
export const WEBEX_TOKEN = 'fakeWebexBotAccessToken_0123456789';

export interface ChatFake {
  readonly url: string;
  readonly faults: FaultPlan;
  /** Requests the fake accepted as messages, by API. */
  readonly posted: { slackApi: unknown[]; slackWebhook: unknown[]; webex: unknown[]; webhook: RecordedRequest[] };
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * One HTTP server on 127.0.0.1 speaking the documented request and error shapes of:
 * - Slack's Web API `POST /api/chat.postMessage` (https://api.slack.com/methods/chat.postMessage): bearer token,
 *   JSON body; every error is HTTP 200 with `{ok: false, error}`;
 * - a Slack incoming webhook `POST /services/...` (https://api.slack.com/messaging/webhooks): `ok` as text, errors
 *   as text with 400 `invalid_payload`, 404 `no_service`;
 * - Webex `POST /v1/messages` (https://developer.webex.com/docs/api/v1/messages/create-a-message): bearer token,
 *   `roomId` or `toPersonEmail`, errors as `{message, errors: [{description}], trackingId}`;
 * - a generic JSON webhook `POST /hooks/...`.
 * Known Slack channel: C0OPS (#ops); known Webex room: ROOM-OPS.
 */
export async function startChatFake(): Promise<ChatFake> {
  const faults = new FaultPlan();
  const posted: ChatFake['posted'] = { slackApi: [], slackWebhook: [], webex: [], webhook: [] };
  // Through `serve`: a fault marked `applied` loses the answer after the message was posted.
  const server: ScriptedServer = await startScriptedServer((request) => faults.serve(request, handle));
  function handle(request: RecordedRequest): Reply {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'POST') return { status: 405 };
    if (path === '/api/chat.postMessage') return slackApi(request, posted.slackApi);
    if (path.startsWith('/services/')) return slackWebhook(request, path, posted.slackWebhook);
    if (path === '/v1/messages') return webex(request, posted.webex);
    if (path.startsWith('/hooks/')) {
      posted.webhook.push(request);
      return { status: 204 };
    }
    return { status: 404 };
  }
  return { url: server.url, faults, posted, requests: server.requests, close: () => server.close() };
}

function json(request: RecordedRequest): Record<string, unknown> | undefined {
  try {
    return JSON.parse(request.body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function slackApi(request: RecordedRequest, posted: unknown[]): Reply {
  const fail = (error: string): Reply => ({ status: 200, body: { ok: false, error } });
  const auth = request.headers.authorization;
  if (!auth) return fail('not_authed');
  if (auth !== `Bearer ${SLACK_BOT_TOKEN}`) return fail('invalid_auth');
  if (!String(request.headers['content-type']).startsWith('application/json')) return fail('invalid_form_data');
  const body = json(request);
  if (!body) return fail('invalid_json');
  if (typeof body.text !== 'string' || body.text === '') return fail('no_text');
  if (!['C0OPS', '#ops'].includes(String(body.channel))) return fail('channel_not_found');
  posted.push(body);
  const ts = `${Math.floor(Date.now() / 1000)}.${String(posted.length).padStart(6, '0')}`;
  return { status: 200, body: { ok: true, channel: 'C0OPS', ts, message: { type: 'message', text: body.text, ts } } };
}

function slackWebhook(request: RecordedRequest, path: string, posted: unknown[]): Reply {
  if (path !== WEBHOOK_PATH) return { status: 404, body: 'no_service' };
  const body = json(request);
  if (!body || typeof body.text !== 'string' || body.text === '') return { status: 400, body: 'invalid_payload' };
  posted.push(body);
  return { status: 200, body: 'ok' };
}

function webex(request: RecordedRequest, posted: unknown[]): Reply {
  const fail = (status: number, message: string): Reply => ({
    status,
    body: { message, errors: [{ description: message }], trackingId: `ROUTER_${randomUUID()}` },
  });
  if (request.headers.authorization !== `Bearer ${WEBEX_TOKEN}`) {
    return fail(401, 'The request requires a valid access token set in the Authorization request header.');
  }
  const body = json(request);
  if (!body) return fail(400, 'Unable to parse the request body as JSON.');
  if ((body.roomId === undefined) === (body.toPersonEmail === undefined)) {
    return fail(400, 'Exactly one of roomId, toPersonId or toPersonEmail must be specified.');
  }
  if (typeof body.markdown !== 'string' && typeof body.text !== 'string') {
    return fail(400, 'Message must contain text, markdown or files.');
  }
  if (body.roomId !== undefined && body.roomId !== 'ROOM-OPS')
    return fail(404, 'Could not find a room with provided ID.');
  posted.push(body);
  return {
    status: 200,
    body: { id: `MSG-${posted.length}`, ...body, personEmail: 'opsflow@webex.bot', created: new Date().toISOString() },
  };
}
