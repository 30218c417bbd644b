import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  /** The temporary folder holding key.pem and cert.pem; remove it after the test. */
  readonly dir: string;
  readonly key: string;
  /** The certificate, which is also its own CA. */
  readonly cert: string;
}

/** A throwaway certificate for 127.0.0.1 made with openssl, for HTTPS fakes. */
export function selfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'].concat([
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  return { dir, key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}
