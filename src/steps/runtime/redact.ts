import { redactText, redactUrlCredentials } from '../../clients/http/redact.js';
import { looksLikeCredential } from './rules.js';

/**
 * Scrubs a log line or error message before it leaves the process: secret-looking JSON values, URL user info, the
 * values of credential-named environment variables (OS_PASSWORD, AWS_SECRET_ACCESS_KEY...) and every secret the
 * step read through `ctx.secret`.
 */
export function createRedactor(env: Readonly<Record<string, string | undefined>>): {
  readonly remember: (secret: string) => void;
  readonly redact: (text: string) => string;
} {
  const secrets = new Set<string>();
  const remember = (secret: string): void => {
    secrets.add(secret);
    // The same secret as it appears inside a JSON string (quotes, backslashes escaped).
    secrets.add(JSON.stringify(secret).slice(1, -1));
  };
  for (const [name, value] of Object.entries(env)) {
    if (value && looksLikeCredential(name) && !name.endsWith('_FILE')) remember(value);
  }
  return {
    remember,
    redact: (text) => redactUrlCredentials(redactText(text, [...secrets])),
  };
}
