import { HttpClient, toStepError } from '../http/index.js';
import type { PostOptions } from './slack.js';

/** A generic JSON webhook: `POST <url>` with the body, optionally a bearer token; any 2xx is success. */
export async function postJsonWebhook(
  webhookUrl: string,
  body: unknown,
  token: string | undefined,
  options: PostOptions = {},
): Promise<void> {
  const http = new HttpClient({
    baseUrl: new URL(webhookUrl).origin,
    ...options,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  try {
    await http.post(webhookUrl, { json: body, secretUrl: true });
  } catch (error) {
    throw toStepError(error, 'JSON webhook');
  }
}
