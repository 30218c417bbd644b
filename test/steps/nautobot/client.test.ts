import { HttpError } from '../../../src/clients/http/index.js';
import {
  type Device,
  NautobotClient,
  NautobotGraphQLError,
  NautobotValidationError,
} from '../../../src/clients/nautobot/index.js';
import { createStepContext } from '../../../src/steps/runtime/context.js';
import { type FakeNautobot, startFakeNautobot } from '../../fakes/nautobot/server.js';

let nautobot: FakeNautobot;
let client: NautobotClient;
beforeEach(async () => {
  nautobot = await startFakeNautobot();
  client = new NautobotClient({
    url: nautobot.url,
    token: nautobot.token,
    pageSize: 10,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
});
afterEach(() => nautobot.close());

const newDevice = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name: `node-${n}`,
  serial: `SN${n}`,
  status: nautobot.statusId('Active'),
  role: { name: 'server' },
  device_type: { model: 'R650' },
  location: 'loc-1',
});

describe('NautobotClient', () => {
  it('authenticates with the token and asks for the API version', async () => {
    await client.listAll('dcim/devices/');
    expect(nautobot.requests[0]!.headers).toMatchObject({
      authorization: `Token ${nautobot.token}`,
      accept: 'application/json; version=2.4',
    });
    expect(nautobot.requests[0]!.url).toBe('/api/dcim/devices/?limit=10&offset=0');
  });

  it('bulk-creates in chunks, then lists every page by next links or by parallel offsets', async () => {
    const small = new NautobotClient({ url: `${nautobot.url}/api`, token: nautobot.token, pageSize: 10, bulkSize: 20 });
    await small.create(
      'dcim/devices/',
      Array.from({ length: 45 }, (_, i) => newDevice(i)),
    );
    const posts = nautobot.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => JSON.parse(r.body).length)).toEqual([20, 20, 5]);

    const viaNext: Device[] = [];
    for await (const device of small.list<Device>('dcim/devices/', { name: undefined })) viaNext.push(device);
    expect(viaNext.map((d) => d.name)).toEqual(Array.from({ length: 45 }, (_, i) => `node-${i}`));

    nautobot.requests.length = 0;
    const viaOffsets = await small.listAll<Device>('dcim/devices/');
    expect(viaOffsets.map((d) => d.name)).toEqual(viaNext.map((d) => d.name));
    expect(nautobot.requests.map((r) => new URL(r.url, nautobot.url).searchParams.get('offset'))).toEqual([
      '0',
      '10',
      '20',
      '30',
      '40',
    ]);
  });

  it('keeps only what select returns of each object, on every page', async () => {
    const small = new NautobotClient({ url: nautobot.url, token: nautobot.token, pageSize: 10 });
    await small.create(
      'dcim/devices/',
      Array.from({ length: 25 }, (_, i) => newDevice(i)),
    );
    const names = await small.listAll('dcim/devices/', { name: ['node-3', 'node-14', 'node-24'] }, (d: Device) => ({
      name: d.name,
    }));
    expect(names).toEqual([{ name: 'node-3' }, { name: 'node-14' }, { name: 'node-24' }]);
    const all = await small.listAll('dcim/devices/', {}, (d: Device) => d.name);
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => `node-${i}`));
  });

  it('filters by field and custom field', async () => {
    await client.create('dcim/devices/', [newDevice(1), newDevice(2)]);
    await client.update('dcim/devices/', [
      { id: newDevice(2).id, custom_fields: { ironic_provision_state: 'active' } },
    ]);
    expect((await client.listAll<Device>('dcim/devices/', { serial: 'SN1' })).map((d) => d.name)).toEqual(['node-1']);
    const managed = await client.listAll<Device>('dcim/devices/', { cf_ironic_provision_state: 'active' });
    expect(managed.map((d) => d.name)).toEqual(['node-2']);
    expect(await client.get('dcim/devices/', 'no-such-id')).toBeUndefined();
  });

  it('asks for nested objects with depth', async () => {
    await client.create('dcim/devices/', [newDevice(1)]);
    const [flat] = await client.listAll<Device>('dcim/devices/');
    expect(flat!.status).toEqual({
      id: nautobot.statusId('Active'),
      object_type: 'extras.status',
      url: `${nautobot.url}/api/extras/statuses/${nautobot.statusId('Active')}/`,
    });
    const deep = await client.get<Device & { status: { name: string } }>('dcim/devices/', newDevice(1).id, {
      depth: 1,
    });
    expect(deep!.status.name).toBe('Active');
    expect(nautobot.requests.at(-1)!.url).toBe(`/api/dcim/devices/${newDevice(1).id}/?depth=1`);
  });

  it('turns a bulk 400 into an error naming each object, field and value', async () => {
    const bad = [newDevice(1), { ...newDevice(2), serial: 'x'.repeat(300) }, { ...newDevice(3), location: undefined }];
    const error = await client.create('dcim/devices/', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NautobotValidationError);
    expect((error as Error).message).toBe(
      [
        'Nautobot refused POST dcim/devices/:',
        `  node-2 (id ${bad[1]!.id}): serial: Ensure this field has no more than 255 characters. (got "${'x'.repeat(118)}…)`,
        `  node-3 (id ${bad[2]!.id}): location: This field is required. (missing)`,
      ].join('\n'),
    );
    expect((error as NautobotValidationError).exitCode).toBe(3);
    expect(nautobot.rows('dcim/devices')).toEqual([]); // bulk writes are atomic
  });

  it('names the field of a single-object 400 and of a bulk update without id', async () => {
    const error = await client.update('dcim/devices/', [{ id: 'missing', name: 'x' }]).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Nautobot refused PATCH dcim/devices/:\n  x (id missing): id: Object with id missing does not exist. (got "missing")',
    );
  });

  it('retries a bulk create that carries ids after a 503 and a reset, but never one without ids', async () => {
    nautobot.faults.add({ reply: { status: 503, body: { detail: 'busy' } } }).add({ reply: { reset: true } });
    await client.create('dcim/devices/', [newDevice(1)]);
    expect(nautobot.rows('dcim/devices')).toHaveLength(1);

    nautobot.faults.add({ reply: { status: 503, body: { detail: 'busy' } } });
    const error = await client.create('tenancy/tenants/', [{ name: 't1' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect(nautobot.rows('tenancy/tenants')).toEqual([]);
  });

  it('recognises a repeated bulk create as its own earlier write only when Nautobot holds what it sent', async () => {
    const seen: unknown[] = [];
    const recognising = new NautobotClient({
      url: nautobot.url,
      token: nautobot.token,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      onEarlierWrite: (info) => seen.push(info),
    });
    nautobot.faults.add({ applied: true, match: (r) => r.method === 'POST', reply: { reset: true } });
    const created = await recognising.create<Device>('dcim/devices/', [newDevice(1), newDevice(2)]);
    expect(created.map((d) => d.name)).toEqual(['node-1', 'node-2']);
    expect(seen).toEqual([{ method: 'POST', endpoint: 'dcim/devices/', objects: 2 }]);

    // The id exists, but as another object: that is a conflict, not this client's earlier write.
    nautobot.seed('dcim/devices', { ...newDevice(3), name: 'someone-else' });
    const error = await recognising.create('dcim/devices/', [newDevice(3)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NautobotValidationError);
    expect((error as Error).message).toContain('device with this id already exists.');
  });

  it('reads its configuration from the step environment and refuses a missing one', async () => {
    const ctx = (env: Record<string, string>) => createStepContext({ step: 't', env, logSink: () => {} });
    const fromEnv = await NautobotClient.fromContext(
      ctx({ NAUTOBOT_URL: nautobot.url, NAUTOBOT_TOKEN: nautobot.token }),
    );
    await expect(fromEnv.listAll('extras/statuses/')).resolves.toHaveLength(6);
    // Exit 3, as for a missing OpenStack cloud: the deployment is wrong, not the input.
    await expect(NautobotClient.fromContext(ctx({ NAUTOBOT_URL: 'nautobot:8080' }))).rejects.toMatchObject({
      exitCode: 3,
      message: 'NAUTOBOT_URL must be the http(s) address of Nautobot, got "nautobot:8080"',
    });
    await expect(NautobotClient.fromContext(ctx({ NAUTOBOT_URL: nautobot.url }))).rejects.toMatchObject({
      exitCode: 3,
      message: 'no Nautobot token: set NAUTOBOT_TOKEN or NAUTOBOT_TOKEN_FILE',
    });
  });

  it('surfaces a bad token as a 403 with the token redacted', async () => {
    const wrong = new NautobotClient({ url: nautobot.url, token: 'wrong-token-value' });
    const error = (await wrong.listAll('dcim/devices/').catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(403);
    expect(error.message).not.toContain('wrong-token-value');
  });
});

describe('NautobotClient.queryAll (GraphQL)', () => {
  const devices = { list: 'devices', fields: 'id name', countFrom: 'dcim/devices/' };
  const graphqlBodies = () =>
    nautobot.requests
      .filter((r) => r.url === '/api/graphql/')
      .map((r) => JSON.parse(r.body) as { query: string; variables: Record<string, number> });

  it('posts one query per page, in parallel by limit/offset, counted by REST, and keeps what select returns', async () => {
    await client.create(
      'dcim/devices/',
      Array.from({ length: 25 }, (_, i) => newDevice(i)),
    );
    nautobot.requests.length = 0;
    const names = await client.queryAll(devices, (d: { name: string }) => d.name);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `node-${i}`));
    const gets = nautobot.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.url)).toEqual(['/api/dcim/devices/?limit=1&exclude_m2m=true']);
    const posts = nautobot.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.url, r.headers.authorization, r.headers['content-type']])).toEqual(
      Array(3).fill(['/api/graphql/', `Token ${nautobot.token}`, 'application/json']),
    );
    expect(graphqlBodies().map((b) => b.query)).toEqual(
      Array(3).fill('query ($limit: Int, $offset: Int) { devices(limit: $limit, offset: $offset) { id name } }'),
    );
    expect(graphqlBodies().map((b) => b.variables)).toEqual([
      { limit: 10, offset: 0 },
      { limit: 10, offset: 10 },
      { limit: 10, offset: 20 },
    ]);
  });

  it("turns a refused query (400) into an error naming the query and Nautobot's messages", async () => {
    const error = await client.queryAll({ ...devices, fields: 'id cf_no_such_field' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NautobotGraphQLError);
    expect(error).toMatchObject({ exitCode: 3 });
    expect((error as Error).message).toBe(
      `Nautobot's GraphQL API refused query devices (limit 10, offset 0): Cannot query field "cf_no_such_field" on type "DeviceType".`,
    );
  });

  it('turns an HTTP 200 answer with errors into an error too, never a short listing', async () => {
    nautobot.seed('dcim/devices', newDevice(1));
    nautobot.faults.add({
      match: (r) => r.url === '/api/graphql/',
      reply: { status: 200, body: { errors: [{ message: 'one' }, { message: 'two' }], data: { devices: [] } } },
    });
    const error = await client.queryAll(devices).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NautobotGraphQLError);
    expect((error as Error).message).toBe(
      "Nautobot's GraphQL API refused query devices (limit 10, offset 0): one; two",
    );
    expect((error as NautobotGraphQLError).errors).toEqual([{ message: 'one' }, { message: 'two' }]);
  });

  it('retries a query after a 503 (a query only reads), and refuses an answer that is not a list', async () => {
    nautobot.seed('dcim/devices', newDevice(1));
    nautobot.faults.add({ match: (r) => r.url === '/api/graphql/', reply: { status: 503 } });
    await expect(client.queryAll(devices)).resolves.toEqual([{ id: newDevice(1).id, name: 'node-1' }]);
    nautobot.faults.add({
      match: (r) => r.url === '/api/graphql/',
      reply: { status: 200, body: { data: { devices: null } } },
    });
    await expect(client.queryAll(devices)).rejects.toMatchObject({ kind: 'invalid-response', method: 'POST' });
  });

  it('surfaces a bad token as a 403, as REST does', async () => {
    const wrong = new NautobotClient({ url: nautobot.url, token: 'wrong-token-value' });
    const error = (await wrong.queryAll(devices).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(403);
  });
});
