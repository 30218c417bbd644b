import { PreconditionError, type StepError, TransientError } from '../../steps/runtime/errors.js';

/**
 * - `starttls` (default): plain connection, then STARTTLS, required (nodemailer `requireTLS`): a server that does
 *   not offer it fails rather than receiving the password in clear.
 * - `tls`: TLS from the first byte (SMTPS, usually port 465).
 * - `none`: no TLS at all, only for a relay on loopback or a trusted segment; refused with a password.
 */
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** PEM of the CA that signed the server's certificate, when not a public one. */
  readonly ca?: string;
  /** Per-stage timeout (connect, greeting, each command). @default 30000 */
  readonly timeoutMs?: number;
}

export interface Email {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** The Message-ID header (`<id@domain>`); nodemailer makes a random one without it. */
  readonly messageId?: string;
}

/**
 * Sends one message over SMTP with nodemailer; returns its Message-ID. nodemailer loads here, not with the notify
 * family: the Slack, Webex and webhook sends (and every step's input validation) do not pay for it.
 */
export async function sendEmail(settings: SmtpSettings, email: Email): Promise<{ messageId: string }> {
  const timeout = settings.timeoutMs ?? 30_000;
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.auth,
    tls: settings.ca ? { ca: settings.ca } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  try {
    const info = await transport.sendMail({ ...email, to: [...email.to] });
    return { messageId: info.messageId };
  } catch (error) {
    throw smtpError(error, `e-mail via ${settings.host}:${settings.port}`);
  }
}

/**
 * nodemailer's error codes (dist/esm/errors.d.ts) and the server's reply code onto the exit-code contract: a 4xx
 * reply or a lost connection is transient; authentication, TLS (STARTTLS missing, certificate) and 5xx are final.
 */
export function smtpError(error: unknown, what: string): StepError {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  const text = `${what}: ${message ?? String(error)}`;
  if (responseCode !== undefined) {
    return responseCode >= 400 && responseCode < 500 ? new TransientError(text) : new PreconditionError(text);
  }
  const certificate = /certificate|self[- ]signed|CERT_/i.test(message ?? '');
  if (!certificate && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(code ?? '')) {
    return new TransientError(text);
  }
  return new PreconditionError(text);
}
