import {
  type CloudConfig,
  EndpointNotFoundError,
  KeystoneAuth,
  type ServiceCatalog,
  selectEndpoint,
} from '../../../src/clients/openstack/index.js';
import { type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

/** A Keystone that issues a token valid for `lifetimeMs` from the test's clock and records what it was sent. */
let keystone: ScriptedServer;
let clock = Date.parse('2026-11-22T03:00:00Z');
const lifetimeMs = 10 * 60_000;

beforeEach(async () => {
  let n = 0;
  keystone = await startScriptedServer(() => ({
    status: 201,
    headers: { 'x-subject-token': `token-${++n}` },
    body: {
      token: {
        expires_at: new Date(clock + lifetimeMs).toISOString(),
        user: { id: 'u1', name: 'ops' },
        project: { id: 'p1', name: 'infra', domain: { id: 'default' } },
        roles: [{ id: 'r1', name: 'member' }],
        catalog: [],
      },
    },
  }));
});
afterEach(() => keystone.close());

function auth(config: Partial<CloudConfig>): KeystoneAuth {
  return new KeystoneAuth(
    {
      cloud: 'test',
      authUrl: `${keystone.url}/v3`,
      interface: 'public',
      credential: { type: 'password', user: { name: 'ops', domain: { name: 'Users' } }, password: 'pw' },
      ...config,
    },
    { now: () => clock },
  );
}
const sentBodies = () => keystone.requests.map((request) => JSON.parse(request.body).auth);

describe('KeystoneAuth', () => {
  test('password + project scope: the request Keystone documents, the token from X-Subject-Token', async () => {
    const token = await auth({ scope: { project: { name: 'infra', domain: { id: 'default' } } } }).token();
    expect(keystone.requests[0]).toMatchObject({ method: 'POST', url: '/v3/auth/tokens' });
    expect(sentBodies()).toEqual([
      {
        identity: {
          methods: ['password'],
          password: { user: { name: 'ops', domain: { name: 'Users' }, password: 'pw' } },
        },
        scope: { project: { name: 'infra', domain: { id: 'default' } } },
      },
    ]);
    expect(token).toMatchObject({ value: 'token-1', roles: ['member'], project: { id: 'p1' } });
  });

  test('application credential by name needs its owner; system scope is {"system": {"all": true}}', async () => {
    await auth({
      credential: { type: 'application_credential', name: 'ci', user: { id: 'u1' }, secret: 's' },
    }).token();
    await auth({
      credential: { type: 'password', user: { id: 'u1' }, password: 'pw' },
      scope: { system: 'all' },
    }).token();
    expect(sentBodies()).toEqual([
      {
        identity: {
          methods: ['application_credential'],
          application_credential: { name: 'ci', user: { id: 'u1' }, secret: 's' },
        },
      },
      {
        identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw' } } },
        scope: { system: { all: true } },
      },
    ]);
  });

  test('the token is reused, renewed a minute before it expires, and concurrent callers share one request', async () => {
    const keystoneAuth = auth({});
    const [a, b] = await Promise.all([keystoneAuth.token(), keystoneAuth.token()]);
    expect([a.value, b.value]).toEqual(['token-1', 'token-1']);
    clock += lifetimeMs - 61_000;
    expect((await keystoneAuth.token()).value).toBe('token-1');
    clock += 2000;
    expect((await keystoneAuth.token()).value).toBe('token-2');
    expect(keystone.requests).toHaveLength(2);
  });

  test('invalidate drops only the rejected token', async () => {
    const keystoneAuth = auth({});
    const first = await keystoneAuth.token();
    keystoneAuth.invalidate(first);
    const second = await keystoneAuth.token();
    expect(second.value).toBe('token-2');
    keystoneAuth.invalidate(first); // a late 401 for the old token
    expect((await keystoneAuth.token()).value).toBe('token-2');
  });
});

describe('selectEndpoint', () => {
  const catalog: ServiceCatalog = [
    {
      type: 'baremetal',
      endpoints: [
        { interface: 'public', region_id: 'RegionOne', url: 'https://ironic.one.example.com/' },
        { interface: 'internal', region_id: 'RegionOne', url: 'http://ironic.one.internal:6385' },
        { interface: 'public', region_id: 'RegionTwo', url: 'https://ironic.two.example.com' },
      ],
    },
    {
      type: 'identity',
      endpoints: [{ interface: 'public', region: 'RegionOne', url: 'https://keystone.example.com/v3' }],
    },
  ];

  test('by type, interface and region, without a trailing slash', () => {
    expect(selectEndpoint(catalog, { type: 'baremetal', interface: 'public', region: 'RegionOne' })).toBe(
      'https://ironic.one.example.com',
    );
    expect(selectEndpoint(catalog, { type: 'baremetal', interface: 'internal' })).toBe(
      'http://ironic.one.internal:6385',
    );
    expect(selectEndpoint(catalog, { type: 'identity', interface: 'public', region: 'RegionOne' })).toBe(
      'https://keystone.example.com/v3',
    );
  });

  test('errors say what the catalog has', () => {
    expect(() => selectEndpoint(catalog, { type: 'compute', interface: 'public' })).toThrow(
      new EndpointNotFoundError('the service catalog has no "compute" service (it has: baremetal, identity)'),
    );
    expect(() => selectEndpoint(catalog, { type: 'baremetal', interface: 'admin', region: 'RegionOne' })).toThrow(
      'no "baremetal" endpoint with interface "admin" in region "RegionOne" (available: public@RegionOne, internal@RegionOne, public@RegionTwo)',
    );
    expect(() => selectEndpoint(catalog, { type: 'baremetal', interface: 'public' })).toThrow(
      '2 "baremetal" endpoints match interface "public"; set the region (OS_REGION_NAME or region_name)',
    );
  });
});
