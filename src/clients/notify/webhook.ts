import { HttpClient, toStepError } from '../http/index.js';
import type { PostOptions } from './slack.js';

/**
 * A generic JSON webhook: `POST <url>` with the body, optionally a bearer token; any 2xx is success. The
 * `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header) is the same on every attempt of one
 * delivery, so a receiver that keeps the keys it saw can drop a repeat.
 */
export async function postJsonWebhook(
  webhookUrl: string,
  body: unknown,
  token: string | undefined,
  { idempotencyKey, ...options }: PostOptions & { idempotencyKey?: string } = {},
): Promise<void> {
  const http = new HttpClient({
    baseUrl: new URL(webhookUrl).origin,
    ...options,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
  });
  try {
    await http.post(webhookUrl, { json: body, secretUrl: true });
  } catch (error) {
    throw toStepError(error, 'JSON webhook');
  }
}
