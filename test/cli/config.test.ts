import { resolveConnection } from '../../src/cli/config.js';
import { type CliError, CliExit } from '../../src/cli/errors.js';

const token = { ARGO_TOKEN: 'Bearer abc' };

describe('resolveConnection reads what argo reads (cmd/argo/commands/client/conn.go)', () => {
  it('is https on ARGO_SERVER with the base href, the token as-is, TLS verified, namespace opsflow', async () => {
    const connection = await resolveConnection(
      {},
      { ...token, ARGO_SERVER: 'argo.example.com:443', ARGO_BASE_HREF: '/argo' },
    );
    expect(connection).toEqual({
      baseUrl: 'https://argo.example.com:443/argo',
      authorization: 'Bearer abc',
      namespace: 'opsflow',
      insecureSkipVerify: false,
      ca: undefined,
    });
  });

  it('turns TLS off only for ARGO_SECURE=false, skips verification only for ARGO_INSECURE_SKIP_VERIFY=true', async () => {
    const env = { ...token, ARGO_SERVER: 'localhost:2746', ARGO_NAMESPACE: 'ops' };
    expect((await resolveConnection({}, { ...env, ARGO_SECURE: 'false' })).baseUrl).toBe('http://localhost:2746');
    expect((await resolveConnection({}, { ...env, ARGO_SECURE: 'no' })).baseUrl).toBe('https://localhost:2746');
    expect((await resolveConnection({}, { ...env, ARGO_INSECURE_SKIP_VERIFY: 'yes' })).insecureSkipVerify).toBe(false);
    expect((await resolveConnection({}, { ...env, ARGO_INSECURE_SKIP_VERIFY: 'true' })).insecureSkipVerify).toBe(true);
    expect((await resolveConnection({}, env)).namespace).toBe('ops');
  });

  it('lets flags win over the environment', async () => {
    const connection = await resolveConnection(
      { argoServer: 'other:8443', secure: false, insecureSkipVerify: true, namespace: 'n2', argoBaseHref: '/x' },
      { ...token, ARGO_SERVER: 'argo:443', ARGO_SECURE: 'true', ARGO_NAMESPACE: 'n1' },
    );
    expect(connection).toMatchObject({ baseUrl: 'http://other:8443/x', insecureSkipVerify: true, namespace: 'n2' });
  });

  it('is exit 4 without a token, exit 2 without or with a malformed server, naming the value', async () => {
    const noToken = await resolveConnection({}, { ARGO_SERVER: 'argo:443' }).catch((e: CliError) => e);
    expect(noToken).toMatchObject({ exitCode: CliExit.NotAuthenticated });
    expect((noToken as CliError).message).toMatch(/ARGO_TOKEN is not set.*argo auth token/);
    const noServer = await resolveConnection({}, token).catch((e: CliError) => e);
    expect(noServer).toMatchObject({
      exitCode: CliExit.BadInput,
      message: expect.stringMatching(/ARGO_SERVER is not set/),
    });
    const url = await resolveConnection({}, { ...token, ARGO_SERVER: 'https://argo:443' }).catch((e: CliError) => e);
    expect((url as CliError).message).toBe(
      '--argo-server/ARGO_SERVER must be host:port, e.g. argo.example.com:443 (got "https://argo:443")',
    );
  });
});
