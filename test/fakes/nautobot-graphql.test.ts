import { type FakeNautobot, startFakeNautobot } from './nautobot/server.js';

// The fake's GraphQL API answers as Nautobot 2.4's does (nautobot/core/api/views.py GraphQLDRFAPIView and
// nautobot/core/graphql/ at v2.4.9): a client tested against it meets the status codes and bodies a real one sends.
let nautobot: FakeNautobot;
const device = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
beforeEach(async () => {
  nautobot = await startFakeNautobot();
  for (let n = 0; n < 3; n++) {
    nautobot.seed('dcim/devices', {
      id: device(n),
      name: `d${n}`,
      status: nautobot.statusId('Active'),
      role: 'r',
      device_type: 't',
      location: 'l',
      custom_fields: n === 0 ? {} : { ironic_provision_state: 'active' },
    });
    nautobot.seed('dcim/interfaces', {
      device: device(n),
      name: 'eth0',
      type: 'other',
      status: nautobot.statusId('Active'),
      mac_address: n === 2 ? null : `52:54:00:aa:bb:0${n}`,
    });
  }
});
afterEach(() => nautobot.close());

const post = async (body: unknown, options: { token?: string; contentType?: string } = {}) => {
  const res = await fetch(`${nautobot.url}/api/graphql/`, {
    method: 'POST',
    headers: {
      authorization: `Token ${options.token ?? nautobot.token}`,
      'content-type': options.contentType ?? 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const rest = async (path: string) => {
  const res = await fetch(`${nautobot.url}/api/${path}`, { headers: { authorization: `Token ${nautobot.token}` } });
  return ((await res.json()) as { results: Record<string, unknown>[] }).results;
};

describe('fake Nautobot GraphQL API', () => {
  it('answers the REST fields under their GraphQL names: related objects by sub-selection, custom fields as cf_<key>', async () => {
    const answer = await post({
      query: '{ devices { id name serial status { id name } role { id } cf_ironic_provision_state url } }',
    });
    expect(answer.status).toBe(200);
    const [first, second] = (await rest('dcim/devices/')).slice(0, 2);
    expect(answer.body).toEqual({
      data: {
        devices: [0, 1, 2].map((n) => ({
          id: device(n),
          name: `d${n}`,
          serial: '',
          status: { id: nautobot.statusId('Active'), name: 'Active' },
          role: { id: 'r' },
          cf_ironic_provision_state: n === 0 ? null : 'active',
          url: `${nautobot.url}/api/dcim/devices/${device(n)}/`,
        })),
      },
    });
    // The same values REST renders.
    expect(first).toMatchObject({ id: device(0), custom_fields: { ironic_provision_state: null } });
    expect(second).toMatchObject({ url: `${nautobot.url}/api/dcim/devices/${device(1)}/` });
  });

  it('renders a MAC address as REST does: upper case with colons, null when empty', async () => {
    const answer = await post({ query: '{ interfaces { mac_address device { id name } } }' });
    const macs = (answer.body.data as { interfaces: { mac_address: string | null }[] }).interfaces;
    expect(macs).toEqual([
      { mac_address: '52:54:00:AA:BB:00', device: { id: device(0), name: 'd0' } },
      { mac_address: '52:54:00:AA:BB:01', device: { id: device(1), name: 'd1' } },
      { mac_address: null, device: { id: device(2), name: 'd2' } },
    ]);
    expect((await rest('dcim/interfaces/')).map((i) => i.mac_address)).toEqual(macs.map((i) => i.mac_address));
  });

  it('pages lists by limit and offset in REST order (no cap, no count; limit 0 is no limit) and filters them', async () => {
    const names = async (args: string, variables?: object) => {
      const declared = variables ? 'query ($limit: Int, $offset: Int) ' : '';
      const answer = await post({ query: `${declared}{ devices${args} { name } }`, variables });
      return (answer.body.data as { devices: { name: string }[] }).devices.map((d) => d.name);
    };
    expect(await names('(limit: $limit, offset: $offset)', { limit: 2, offset: 0 })).toEqual(['d0', 'd1']);
    expect(await names('(limit: $limit, offset: $offset)', { limit: 2, offset: 2 })).toEqual(['d2']);
    expect(await names('(limit: $limit, offset: $offset)', { limit: 0, offset: 1 })).toEqual(['d1', 'd2']);
    expect(await names('(limit: $limit, offset: $offset)', { limit: null, offset: 5 })).toEqual([]);
    expect(await names(`(id: ["${device(2)}", "${device(0)}"])`)).toEqual(['d0', 'd2']);
    expect(await names('(name: "d1")')).toEqual(['d1']);
    expect(await names('(cf_ironic_provision_state: ["active"])')).toEqual(['d1', 'd2']);
    const ofDevice = await post({ query: `{ interfaces(device_id: ["${device(1)}"]) { mac_address } }` });
    expect(ofDevice.body).toEqual({ data: { interfaces: [{ mac_address: '52:54:00:AA:BB:01' }] } });
  });

  it('answers a query whose resolver fails with 200, errors and the data that resolved', async () => {
    const answer = await post({ query: '{ devices(offset: -1) { id } statuses(name: "Active") { name } }' });
    expect(answer).toEqual({
      status: 200,
      body: {
        errors: [
          { message: 'Negative indexing is not supported.', locations: [{ line: 1, column: 3 }], path: ['devices'] },
        ],
        data: { devices: null, statuses: [{ name: 'Active' }] },
      },
    });
  });

  it('refuses with 400, errors and no data: an unknown field, a syntax error, a mutation, no query, a body not JSON', async () => {
    const unknown = await post({ query: '{ devices { id cf_no_such_field } }' });
    expect(unknown).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Cannot query field "cf_no_such_field" on type "DeviceType".',
            locations: [{ line: 1, column: 16 }],
          },
        ],
      },
    });
    const syntax = await post({ query: '{ devices { id ' });
    expect(syntax.status).toBe(400);
    expect(syntax.body).not.toHaveProperty('data');
    expect((syntax.body.errors as { message: string }[])[0]!.message).toMatch(/^Syntax Error/);
    expect(await post({ query: 'mutation { devices { id } }' })).toEqual({
      status: 400,
      body: { errors: [{ message: "'mutation' is not a supported operation, Only query are supported." }] },
    });
    for (const body of [{}, { query: '' }]) {
      expect(await post(body)).toEqual({ status: 400, body: { errors: [{ message: 'Must provide query string.' }] } });
    }
    expect(await post('{"query": ', {})).toEqual({
      status: 400,
      body: { errors: [{ message: 'Request body contained Invalid JSON.' }] },
    });
    // Not JSON (nor application/graphql): Nautobot reads no query from it.
    expect(await post({ query: '{ devices { id } }' }, { contentType: 'text/plain' })).toEqual({
      status: 400,
      body: { errors: [{ message: 'Must provide query string.' }] },
    });
  });

  it('refuses a bad token with 403 before any query, and a GET with 405', async () => {
    expect(await post({ query: '{ devices { id } }' }, { token: 'wrong' })).toEqual({
      status: 403,
      body: { detail: 'Invalid token' },
    });
    const get = await fetch(`${nautobot.url}/api/graphql/`, { headers: { authorization: `Token ${nautobot.token}` } });
    expect(get.status).toBe(405);
  });

  it('serves an answer from its cache until the next write', async () => {
    const query = { query: '{ devices { name } }' };
    const before = await post(query);
    expect(await post(query)).toEqual(before);
    const res = await fetch(`${nautobot.url}/api/dcim/devices/${device(0)}/`, {
      method: 'PATCH',
      headers: { authorization: `Token ${nautobot.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'renamed' }),
    });
    expect(res.status).toBe(200);
    const after = await post(query);
    expect((after.body.data as { devices: { name: string }[] }).devices[0]!.name).toBe('renamed');
  });
});
