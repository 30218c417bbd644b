import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudConfigError, loadCloudConfig } from '../../../src/clients/openstack/index.js';

/** A scratch cwd and home, so the developer's own clouds.yaml never leaks into a test. */
function dirs() {
  const root = mkdtempSync(join(tmpdir(), 'opsflow-clouds-'));
  const cwd = join(root, 'cwd');
  const home = join(root, 'home');
  mkdirSync(cwd);
  mkdirSync(join(home, '.config/openstack'), { recursive: true });
  return { root, cwd, home };
}

const PROD = `
clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com:5000
      username: ops
      password: s3cret-pw
      project_name: infra
      user_domain_name: Users
      project_domain_name: Projects
    region_name: RegionTwo
    interface: internal
    identity_api_version: 3
    volume_api_version: 3
`;

function load(env: Record<string, string>, files: { cwd?: string; home?: string; secure?: string } = {}) {
  const { cwd, home } = dirs();
  if (files.cwd) writeFileSync(join(cwd, 'clouds.yaml'), files.cwd);
  if (files.home) writeFileSync(join(home, '.config/openstack/clouds.yaml'), files.home);
  if (files.secure) writeFileSync(join(home, '.config/openstack/secure.yaml'), files.secure);
  return loadCloudConfig({ env, cwd, home });
}

async function errorOf(fn: () => Promise<unknown>): Promise<CloudConfigError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof CloudConfigError) return error;
    throw error;
  }
  throw new Error('expected a CloudConfigError');
}

describe('clouds.yaml', () => {
  test('OS_CLOUD selects the cloud: password, project scope with its domains, region and interface', async () => {
    expect(await load({ OS_CLOUD: 'prod' }, { home: PROD })).toEqual({
      cloud: 'prod',
      authUrl: 'https://keystone.example.com:5000/v3',
      credential: { type: 'password', user: { name: 'ops', domain: { name: 'Users' } }, password: 's3cret-pw' },
      scope: { project: { name: 'infra', domain: { name: 'Projects' } } },
      region: 'RegionTwo',
      interface: 'internal',
    });
  });

  test('search order: OS_CLIENT_CONFIG_FILE, then ./clouds.yaml, then ~/.config/openstack', async () => {
    const other = PROD.replace('RegionTwo', 'RegionCwd');
    expect((await load({ OS_CLOUD: 'prod' }, { cwd: other, home: PROD })).region).toBe('RegionCwd');

    const { root } = dirs();
    const explicit = join(root, 'mounted-clouds.yaml');
    writeFileSync(explicit, PROD.replace('RegionTwo', 'RegionMounted'));
    expect((await load({ OS_CLOUD: 'prod', OS_CLIENT_CONFIG_FILE: explicit }, { cwd: other })).region).toBe(
      'RegionMounted',
    );
  });

  test('secure.yaml beside it supplies the secrets, merged key by key', async () => {
    const withoutPassword = PROD.replace('      password: s3cret-pw\n', '');
    const secure = 'clouds:\n  prod:\n    auth:\n      password: from-secure-yaml\n';
    const config = await load({ OS_CLOUD: 'prod' }, { home: withoutPassword, secure });
    expect(config.credential).toMatchObject({ type: 'password', password: 'from-secure-yaml' });
    expect(config.scope).toEqual({ project: { name: 'infra', domain: { name: 'Projects' } } });
  });

  test('OS_* variables override the file (region, interface, password)', async () => {
    const config = await load(
      { OS_CLOUD: 'prod', OS_REGION_NAME: 'RegionThree', OS_INTERFACE: 'publicURL', OS_PASSWORD: 'rotated' },
      { home: PROD },
    );
    expect(config).toMatchObject({ region: 'RegionThree', interface: 'public', credential: { password: 'rotated' } });
  });

  test('an application credential: id and secret, no scope (it carries its own project)', async () => {
    const file = `
clouds:
  ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://keystone:5000/v3/
      application_credential_id: 0a1b2c
      application_credential_secret: app-secret
`;
    expect(await load({ OS_CLOUD: 'ci' }, { cwd: file })).toEqual({
      cloud: 'ci',
      authUrl: 'http://keystone:5000/v3',
      credential: { type: 'application_credential', id: '0a1b2c', secret: 'app-secret' },
      interface: 'public',
      region: undefined,
    });
  });

  test('system scope', async () => {
    const file = PROD.replace('      project_name: infra\n', '      system_scope: all\n').replace(
      '      project_domain_name: Projects\n',
      '',
    );
    expect((await load({ OS_CLOUD: 'prod' }, { home: file })).scope).toEqual({ system: 'all' });
  });
});

describe('OS_* variables alone', () => {
  test('password with a project id, user domain defaulting to "default"', async () => {
    expect(
      await load({
        OS_AUTH_URL: 'http://10.0.0.1:5000/v3',
        OS_USERNAME: 'ops',
        OS_PASSWORD: 'pw',
        OS_PROJECT_ID: 'abc123',
      }),
    ).toEqual({
      cloud: 'envvars',
      authUrl: 'http://10.0.0.1:5000/v3',
      credential: { type: 'password', user: { name: 'ops', domain: { id: 'default' } }, password: 'pw' },
      scope: { project: { id: 'abc123' } },
      region: undefined,
      interface: 'public',
    });
  });

  test('OS_DOMAIN_NAME with a project is the user and project domain (as openstacksdk), not a second scope', async () => {
    const env = { OS_AUTH_URL: 'http://k:5000/v3', OS_USERNAME: 'ops', OS_PASSWORD: 'pw', OS_DOMAIN_NAME: 'Corp' };
    expect(await load({ ...env, OS_PROJECT_NAME: 'infra' })).toMatchObject({
      credential: { type: 'password', user: { name: 'ops', domain: { name: 'Corp' } } },
      scope: { project: { name: 'infra', domain: { name: 'Corp' } } },
    });
    // The explicit user and project domains still win.
    expect(
      await load({ ...env, OS_PROJECT_NAME: 'infra', OS_USER_DOMAIN_ID: 'u1', OS_PROJECT_DOMAIN_ID: 'p1' }),
    ).toMatchObject({
      credential: { user: { name: 'ops', domain: { id: 'u1' } } },
      scope: { project: { name: 'infra', domain: { id: 'p1' } } },
    });
    // Without a project it is the domain scope.
    expect(await load(env)).toMatchObject({
      credential: { user: { name: 'ops', domain: { id: 'default' } } },
      scope: { domain: { name: 'Corp' } },
    });
  });

  test('OS_APPLICATION_CREDENTIAL_ID/SECRET select an application credential without OS_AUTH_TYPE', async () => {
    expect(
      (
        await load({
          OS_AUTH_URL: 'http://10.0.0.1:5000',
          OS_APPLICATION_CREDENTIAL_ID: 'id1',
          OS_APPLICATION_CREDENTIAL_SECRET: 'sec',
        })
      ).credential,
    ).toEqual({ type: 'application_credential', id: 'id1', secret: 'sec' });
  });
});

describe('errors name the field and the value, never a secret', () => {
  test('nothing configured', async () => {
    expect((await errorOf(() => load({}))).message).toBe(
      'no OpenStack cloud configured: set OS_CLOUD (with a clouds.yaml) or OS_AUTH_URL',
    );
  });

  test('OS_CLOUD names a cloud the file lacks: the error lists the clouds it has', async () => {
    expect((await errorOf(() => load({ OS_CLOUD: 'staging' }, { home: PROD }))).message).toMatch(
      /^cloud "staging" \(OS_CLOUD\) is not in .*\/home\/\.config\/openstack\/clouds\.yaml; it has: prod$/,
    );
  });

  test('OS_CLOUD without any clouds.yaml lists where it looked', async () => {
    expect((await errorOf(() => load({ OS_CLOUD: 'prod' }))).message).toMatch(
      /^OS_CLOUD is "prod" but no clouds\.yaml was found \(looked in .*cwd\/clouds\.yaml, .*home\/\.config\/openstack\/clouds\.yaml, \/etc\/openstack\/clouds\.yaml\)$/,
    );
  });

  test('a misspelt auth key, a bad URL and a bad interface, all at once; the password is not shown', async () => {
    const bad = PROD.replace('user_domain_name', 'user_domian_name')
      .replace('https://keystone.example.com:5000', 'keystone:5000')
      .replace('interface: internal', 'interface: private');
    const message = (await errorOf(() => load({ OS_CLOUD: 'prod' }, { home: bad }))).message;
    expect(message).toContain('invalid OpenStack configuration (cloud "prod" in ');
    expect(message).toContain(
      '  auth.auth_url (OS_AUTH_URL): must be an http(s) URL such as https://keystone.example.com:5000/v3 (got "keystone:5000")',
    );
    expect(message).toContain('  auth.user_domian_name: unknown key (misspelt?)');
    expect(message).toContain(
      '  interface (OS_INTERFACE): Invalid option: expected one of "public"|"internal"|"admin" (got "private")',
    );
    expect(message).not.toContain('s3cret-pw');
  });

  test('an empty password is reported as hidden', async () => {
    const message = (await errorOf(() => load({ OS_CLOUD: 'prod' }, { home: PROD.replace('s3cret-pw', '""') })))
      .message;
    expect(message).toMatch(
      /\n {2}auth\.password \(OS_PASSWORD\): Too small: expected string to have >=1 characters \(got \(hidden\)\)$/,
    );
  });

  test('missing password and conflicting scopes name the variable to set', async () => {
    expect((await errorOf(() => load({ OS_AUTH_URL: 'http://k:5000', OS_USERNAME: 'u' }))).message).toBe(
      'OS_* environment variables: auth.password (OS_PASSWORD) is required',
    );
    expect(
      (
        await errorOf(() =>
          load({
            OS_AUTH_URL: 'http://k:5000',
            OS_USERNAME: 'u',
            OS_PASSWORD: 'p',
            OS_PROJECT_NAME: 'x',
            OS_SYSTEM_SCOPE: 'all',
          }),
        )
      ).message,
    ).toBe('OS_* environment variables: choose one scope: project, domain or system_scope (got project and system)');
  });
});
