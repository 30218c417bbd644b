import { HttpClient, toStepError } from '../http/index.js';
import type { PostOptions } from './slack.js';

export interface WebexMessage {
  /** A space (room) id, or else a person's e-mail for a direct message. */
  readonly roomId?: string;
  readonly toPersonEmail?: string;
  readonly markdown: string;
}

/**
 * `POST /v1/messages` with a bearer token (a bot's access token). Webex answers 200 with the message, or 4xx/5xx
 * with `{message, errors: [{description}], trackingId}`; 429 with Retry-After when throttled.
 * https://developer.webex.com/docs/api/v1/messages/create-a-message
 */
export async function postWebexMessage(
  apiUrl: string,
  token: string,
  message: WebexMessage,
  options: PostOptions = {},
): Promise<{ id: string }> {
  const http = new HttpClient({
    baseUrl: `${apiUrl.replace(/\/+$/, '')}/`,
    ...options,
    headers: { authorization: `Bearer ${token}` },
  });
  try {
    const res = await http.post<{ id?: string }>('messages', { json: message });
    return { id: res.data?.id ?? '' };
  } catch (error) {
    throw toStepError(error, `Webex message to ${message.roomId ?? message.toPersonEmail}`);
  }
}
