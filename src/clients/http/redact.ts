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
  // A replacement pattern, not a function: a function call per match made 5 MB of secrets take a second.
  let out = text.replace(SECRET_JSON_KEYS, `"$1":"${REDACTED}"`);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Text with the user info of every URL (`scheme://user:password@`) replaced: what `/(\w+:\/\/)[^\s/@"]+@/g` replaces,
 * in linear time. That regex retries from every character of a long word (40,000 characters took 1.6 s, 5 MB over
 * ten minutes). Here each "://" is found once; the scheme before it and the user info after it are scanned once,
 * and no two scans overlap (a scheme ends at ":", user info at the next "/").
 */
export function redactUrlCredentials(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 1)) {
    if (at === copied || !isWordChar(text.charCodeAt(at - 1))) continue;
    const infoStart = at + 3;
    let end = infoStart;
    while (end < text.length && !endsUserInfo(text.charCodeAt(end))) end++;
    if (end === infoStart || text.charCodeAt(end) !== AT) continue;
    out += `${text.slice(copied, infoStart)}${REDACTED}@`;
    copied = end + 1;
    at = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const AT = 0x40;

/** `\w` of a regex without the u flag. */
function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f
  );
}

/** `[\s/@"]`. */
function endsUserInfo(code: number): boolean {
  if (code === 0x2f || code === AT || code === 0x22 || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code > 0x7f && /\s/.test(String.fromCharCode(code));
}
