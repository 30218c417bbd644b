import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OpenStackCloud } from '../../../src/clients/openstack/index.js';
import { type SelfSignedCertificate, selfSignedCertificate } from '../../fakes/self-signed.js';

// Private CAs are common in OpenStack: clouds.yaml `cacert` and `verify` hold for Keystone (and every service).
let tls: SelfSignedCertificate;
let keystone: Server;
let authUrl: string;
let tokens = 0;

beforeAll(async () => {
  tls = selfSignedCertificate();
  keystone = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    req.resume();
    req.on('end', () => {
      tokens++;
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': `token-${tokens}` });
      res.end(JSON.stringify({ token: { expires_at: '2999-01-01T00:00:00Z', catalog: [] } }));
    });
  });
  await new Promise<void>((resolve) => keystone.listen(0, '127.0.0.1', resolve));
  authUrl = `https://127.0.0.1:${(keystone.address() as AddressInfo).port}/v3`;
});

afterAll(async () => {
  await new Promise((resolve) => keystone.close(resolve));
  rmSync(tls.dir, { recursive: true, force: true });
});

function cloudWith(extra: string, env: Record<string, string> = {}): Promise<OpenStackCloud> {
  const file = join(tls.dir, 'clouds.yaml');
  writeFileSync(
    file,
    [
      'clouds:',
      '  private:',
      '    auth:',
      `      auth_url: ${authUrl}`,
      '      username: ops',
      '      password: pw',
      '      project_name: infra',
      ...extra.split('\n').map((line) => `    ${line}`),
    ].join('\n'),
  );
  return OpenStackCloud.fromEnv(
    { env: { OS_CLOUD: 'private', OS_CLIENT_CONFIG_FILE: file, ...env }, home: tls.dir, cwd: tls.dir },
    { retry: { retries: 0 } },
  );
}

describe('clouds.yaml TLS settings', () => {
  it('without cacert, a private CA does not verify (exit 3, certificate)', async () => {
    await expect((await cloudWith('region_name: RegionOne')).auth.token()).rejects.toMatchObject({
      kind: 'certificate',
    });
  });

  it('cacert: the private CA is trusted', async () => {
    const token = await (await cloudWith(`cacert: ${join(tls.dir, 'cert.pem')}`)).auth.token();
    expect(token.value).toMatch(/^token-\d+$/);
  });

  it('OS_CACERT: the same from the environment', async () => {
    const token = await (
      await cloudWith('region_name: RegionOne', { OS_CACERT: join(tls.dir, 'cert.pem') })
    ).auth.token();
    expect(token.value).toMatch(/^token-\d+$/);
  });

  it('verify: false skips verification', async () => {
    const token = await (await cloudWith('verify: false')).auth.token();
    expect(token.value).toMatch(/^token-\d+$/);
  });

  it('a cacert that cannot be read is a configuration error naming it', async () => {
    await expect(cloudWith(`cacert: ${join(tls.dir, 'missing.pem')}`)).rejects.toThrow(
      `cloud "private" in ${join(tls.dir, 'clouds.yaml')}: cacert (OS_CACERT): cannot read ${join(tls.dir, 'missing.pem')} (ENOENT)`,
    );
  });
});
