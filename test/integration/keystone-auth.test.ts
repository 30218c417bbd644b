import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdentityClient, OpenStackCloud, selectEndpoint } from '../../src/clients/openstack/index.js';
import { adminCloud, expectExit, openstackStep, unique } from './harness.js';
import { cloudEnv, cloudsFile, IRONIC_URL, KEYSTONE_URL } from './peers.js';

/** Real Keystone: every way opsflow authenticates, and the catalog it gets back. */
test('Keystone keeps connections alive: 200 requests on reused connections, none reset', async () => {
  // A reset on a reused connection fails a PATCH or POST outright (the HTTP core never repeats those).
  let resets = 0;
  for (let i = 0; i < 200; i++) {
    await fetch(KEYSTONE_URL, { method: i % 2 ? 'GET' : 'PATCH' }).then(
      (res) => res.arrayBuffer(),
      () => resets++,
    );
    if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(resets).toBe(0);
}, 60_000);

describe('Keystone authentication (real Keystone)', () => {
  test('password + project scope from clouds.yaml: token, roles and a catalog with identity and baremetal', async () => {
    const token = await (await adminCloud()).auth.token();
    expect(token.value).toMatch(/^gAAAAA/); // a fernet token
    expect(token.project?.name).toBe('admin');
    expect(token.roles).toContain('admin');
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(selectEndpoint(token.catalog, { type: 'identity', interface: 'public', region: 'RegionOne' })).toBe(
      KEYSTONE_URL,
    );
    expect(selectEndpoint(token.catalog, { type: 'baremetal', interface: 'internal' })).toBe(IRONIC_URL);
  });

  test('one token serves many requests until it nears expiry', async () => {
    let tokenRequests = 0;
    const cloud = await adminCloud({
      fetch: (input, init) => {
        if (String(input).endsWith('/auth/tokens')) tokenRequests++;
        return fetch(input, init);
      },
    });
    const keystone = await IdentityClient.connect(cloud);
    for (const name of ['admin', 'member', 'reader']) expect((await keystone.role(name)).name).toBe(name);
    expect(tokenRequests).toBe(1);
  });

  test('system scope (clouds.yaml system_scope: all) and domain scope (OS_* only)', async () => {
    const system = await (
      await OpenStackCloud.fromEnv({
        env: { OS_CLIENT_CONFIG_FILE: cloudsFile, OS_CLOUD: 'opsflow-test-system' },
      })
    ).auth.token();
    expect(system.system).toBe(true);
    expect(system.project).toBeUndefined();

    // bootstrap gives admin the admin role on its project and the system only; a domain token needs one on the domain
    const keystone = await IdentityClient.connect(await adminCloud());
    const assignment = {
      roleId: (await keystone.role('admin')).id,
      actor: { user: system.user.id },
      target: { domain: 'default' },
    };
    if (!(await keystone.hasRole(assignment))) await keystone.assignRole(assignment);
    expect(await keystone.hasRole(assignment)).toBe(true);
    const domain = await (
      await OpenStackCloud.fromEnv({
        env: {
          OS_AUTH_URL: 'http://127.0.0.1:5000', // without /v3: the client adds it
          OS_USERNAME: 'admin',
          OS_PASSWORD: 'adminpass',
          OS_USER_DOMAIN_NAME: 'Default',
          OS_DOMAIN_NAME: 'Default',
        },
      })
    ).auth.token();
    expect(domain.domain?.id).toBe('default');
  });

  test('application credential (OS_APPLICATION_CREDENTIAL_ID/SECRET): scoped to its project, reads Ironic', async () => {
    const admin = await adminCloud();
    const adminToken = await admin.auth.token();
    const identity = await admin.serviceHttp('identity');
    const created = await identity.post<{ application_credential: { id: string; secret: string } }>(
      `users/${adminToken.user.id}/application_credentials`,
      { json: { application_credential: { name: unique('opsflow-it') } } },
    );
    const { id, secret } = created.data.application_credential;

    const cloud = await OpenStackCloud.fromEnv({
      env: {
        OS_AUTH_URL: KEYSTONE_URL,
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_APPLICATION_CREDENTIAL_ID: id,
        OS_APPLICATION_CREDENTIAL_SECRET: secret,
        OS_REGION_NAME: 'RegionOne',
      },
    });
    const token = await cloud.auth.token();
    expect(token.project?.id).toBe(adminToken.project?.id);
    const ironic = await cloud.serviceHttp('baremetal');
    const drivers = await ironic.get<{ drivers: { name: string }[] }>('v1/drivers');
    expect(drivers.data.drivers.map((driver) => driver.name)).toContain('fake-hardware');
  });

  test('a wrong password is a 401 from Keystone whose error shows neither password', async () => {
    const cloud = await OpenStackCloud.fromEnv({
      env: { ...cloudEnv, OS_PASSWORD: 'not-the-password' },
    });
    const error = (await cloud.auth.token().catch((e: unknown) => e)) as Error & { status?: number };
    expect(error.status).toBe(401);
    expect(error.message).toContain(`POST ${KEYSTONE_URL}/auth/tokens returned 401`);
    expect(error.message).not.toContain('not-the-password');
    expect(error.message).not.toContain('adminpass');
  });

  test('a step never shows the password or a token: not in its logs, result.json or outputs, failing or not', async () => {
    const everything = (run: Awaited<ReturnType<typeof openstackStep>>) =>
      [
        run.stdout,
        run.stderr,
        ...readdirSync(run.outputDir).map((file) => readFileSync(join(run.outputDir, file), 'utf8')),
      ].join('\n');
    const secret = 'wrong-pass-1234';
    const refused = await openstackStep(['role-assign', '--role', 'member', '--user', 'admin', '--domain', 'Default'], {
      ...cloudEnv,
      OS_PASSWORD: secret,
    });
    expectExit(refused, 3);
    expect(refused.result().message).toContain('returned 401');
    const token = (await (await adminCloud()).auth.token()).value;
    const ok = await openstackStep([
      'role-assign',
      '--role',
      'admin',
      '--user',
      'admin',
      '--domain',
      'Default',
      '--dry-run',
    ]);
    expectExit(ok, 0);
    for (const run of [refused, ok]) {
      const text = everything(run);
      expect(text).not.toContain(secret);
      expect(text).not.toContain('adminpass');
      expect(text).not.toMatch(/gAAAAA[\w-]{20}/); // no fernet token
      expect(text).not.toContain(token);
    }
  });
});
