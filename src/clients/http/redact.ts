/** Credentials never leave a client: not in error messages, not in logs. */

const ALWAYS_REDACTED_HEADERS = ['authorization', 'x-auth-token', 'x-subject-token', 'cookie', 'set-cookie'];
const SECRET_QUERY_KEYS =
  /^(token|access_token|password|secret|api_key|apikey|signature|x-amz-signature|x-amz-credential)$/i;
const SECRET_JSON_KEYS =
  /"(password|secret|token|access_token|id_token|refresh_token|application_credential_secret|api_key)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;

export const REDACTED = '***';

export function isRedactedHeader(name: string, extra: readonly string[] = []): boolean {
  const lower = name.toLowerCase();
  return ALWAYS_REDACTED_HEADERS.includes(lower) || extra.some((header) => header.toLowerCase() === lower);
}

/** A URL with user info and secret-looking query values replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

/** A response or request text with secret-looking JSON values and the given literal secrets replaced. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_JSON_KEYS, (_match, key: string) => `"${key}":"${REDACTED}"`);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
