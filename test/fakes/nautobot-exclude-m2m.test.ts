import { type FakeNautobot, startFakeNautobot } from './nautobot/server.js';

// Nautobot 2.4 renders many-to-many fields (tags, a status's content types) unless asked `?exclude_m2m=true`; the
// fake must answer both ways, or a client relying on the parameter would be tested against a format no server sends.
let nautobot: FakeNautobot;
beforeAll(async () => {
  nautobot = await startFakeNautobot();
  nautobot.seed('dcim/devices', {
    name: 'd1',
    status: nautobot.statusId('Active'),
    role: 'r',
    device_type: 't',
    location: 'l',
  });
});
afterAll(() => nautobot.close());

const list = async (path: string) => {
  const res = await fetch(`${nautobot.url}/api/${path}`, { headers: { authorization: `Token ${nautobot.token}` } });
  return ((await res.json()) as { results: Record<string, unknown>[] }).results;
};

describe('fake Nautobot exclude_m2m', () => {
  it('renders tags and content types by default and leaves them out with exclude_m2m=true', async () => {
    expect((await list('dcim/devices/'))[0]).toMatchObject({ name: 'd1', tags: [] });
    expect((await list('extras/statuses/'))[0]).toHaveProperty('content_types');
    const [device] = await list('dcim/devices/?exclude_m2m=true');
    expect(device).toMatchObject({ name: 'd1', serial: '' });
    expect(device).not.toHaveProperty('tags');
    expect((await list('extras/statuses/?exclude_m2m=true'))[0]).not.toHaveProperty('content_types');
  });
});
