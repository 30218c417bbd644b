import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { type SelfSignedCertificate, selfSignedCertificate } from '../self-signed.js';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The user the client authenticated as; undefined without AUTH. */
  readonly user?: string;
  /** Whether the session had switched to TLS (STARTTLS) before the message. */
  readonly tls: boolean;
  /** The message as sent (headers and body, CRLF line ends). */
  readonly raw: string;
}

export interface FakeSmtp {
  readonly port: number;
  readonly certificate: SelfSignedCertificate;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` library, by nodemailer's authors) on 127.0.0.1: STARTTLS with a throwaway
 * certificate, AUTH PLAIN/LOGIN only after STARTTLS (the library's default), one account, and addresses at
 * `reject.example` refused with 550 (and at `later.example` with 451).
 */
export async function startFakeSmtp(
  account: { user: string; pass: string },
  options: Partial<SMTPServerOptions> = {},
): Promise<FakeSmtp> {
  const certificate = selfSignedCertificate();
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    key: certificate.key,
    cert: certificate.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === account.user && auth.password === account.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@reject.example')) {
        callback(Object.assign(new Error(`${address.address}: no such user`), { responseCode: 550 }));
      } else if (address.address.endsWith('@later.example')) {
        callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          tls: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    certificate,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A header of a received message, unfolded. */
export function header(mail: ReceivedMail, name: string): string | undefined {
  const [head = ''] = mail.raw.split('\r\n\r\n');
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const line = unfolded.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The body of a single-part message, quoted-printable decoded when so encoded. */
export function body(mail: ReceivedMail): string {
  const text = mail.raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  if (header(mail, 'Content-Transfer-Encoding') !== 'quoted-printable') return text;
  const bytes = text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
