import fc from 'fast-check';
import { Kind, type OperationDefinitionNode, parse, type SelectionSetNode } from 'graphql';
import type { Device, Interface } from '../../src/clients/nautobot/models.js';
import {
  desiredDevice,
  desiredDevices,
  type IronicNodeLike,
  type IronicPortLike,
} from '../../src/sync/ironic-to-nautobot.js';
import {
  DEVICE_FIELDS,
  type DeviceRow,
  deviceState,
  goneDevices,
  INTERFACE_FIELDS,
  type InterfaceState,
  indexExisting,
  PlanError,
  type PlanOptions,
  planDevices,
  planSummary,
  planSync,
  planWithInterfaces,
  type SyncPlan,
  statusIds,
} from '../../src/sync/plan.js';
import { IRONIC_PROVISION_STATES } from '../../src/sync/provision-states.js';

const STATUS = {
  Planned: 's-planned',
  Staged: 's-staged',
  Active: 's-active',
  Failed: 's-failed',
  Offline: 's-offline',
  Decommissioning: 's-decom',
};
const statuses = statusIds(
  Object.entries(STATUS).map(([name, id]) => ({
    id,
    name,
    content_types: name === 'Active' ? ['dcim.device', 'dcim.interface'] : ['dcim.device'],
  })),
);
const defaults = { role: { name: 'server' }, device_type: { model: 'R650' }, location: 'loc-1' };
const options: PlanOptions = { statuses, defaults };

const node = (uuid: string, extra: Partial<IronicNodeLike> = {}): IronicNodeLike => ({
  uuid,
  name: `node-${uuid}`,
  provision_state: 'active',
  properties: { serial: `SN-${uuid}` },
  ...extra,
});
const port = (uuid: string, nodeUuid: string, address: string, name?: string): IronicPortLike => ({
  uuid,
  node_uuid: nodeUuid,
  address,
  ...(name ? { name } : {}),
});
const device = (id: string, fields: Partial<Device> = {}): Device => ({
  id,
  name: `node-${id}`,
  serial: `SN-${id}`,
  status: { id: STATUS.Active },
  role: { id: 'r' },
  device_type: { id: 'dt' },
  location: { id: 'loc-1' },
  tenant: null,
  custom_fields: { ironic_provision_state: 'active' },
  ...fields,
});
const iface = (id: string, deviceId: string, name: string, mac: string): Interface => ({
  id,
  device: { id: deviceId },
  name,
  type: 'other',
  mac_address: mac,
  status: { id: STATUS.Active },
});

describe('desiredDevice', () => {
  it('takes the serial from properties, then extra, and names interfaces from ports', () => {
    const want = desiredDevice(node('n1', { properties: {}, extra: { serial: ' X1 ' } }), [
      port('p2', 'n1', 'aa-bb-cc-dd-ee-02', 'eth1'),
      port('p1', 'n1', 'aa:bb:cc:dd:ee:01'),
    ]);
    expect(want).toMatchObject({ id: 'n1', name: 'node-n1', serial: 'X1', status: 'Active', stateKnown: true });
    expect(want.interfaces).toEqual([
      { portUuid: 'p2', name: 'eth1', macAddress: 'AA:BB:CC:DD:EE:02' },
      { portUuid: 'p1', name: 'p1', macAddress: 'AA:BB:CC:DD:EE:01' },
    ]);
  });

  it('orders the interfaces by name as a stable localeCompare sort, for a few ports or many, names repeated', () => {
    const names = fc.array(fc.constantFrom('eth0', 'eth1', 'ETH1', 'eno10', 'eno2', 'é1', 'e1', 'bond0'), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(names, (portNames) => {
        const ports = portNames.map((name, n) => port(`p${n}`, 'n1', 'aa:bb:cc:dd:ee:01', name));
        const expected = ports
          .map((p) => ({ portUuid: p.uuid, name: p.name! }))
          .sort((a, b) => a.name.localeCompare(b.name));
        const got = desiredDevice(node('n1'), ports).interfaces.map(({ portUuid, name }) => ({ portUuid, name }));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('names a node without a name by its UUID and flags an unknown state', () => {
    const want = desiredDevice(node('n1', { name: null, provision_state: 'quantum' }), []);
    expect(want).toMatchObject({ name: 'n1', status: 'Offline', stateKnown: false, provisionState: 'quantum' });
  });
});

describe('planSync', () => {
  it('creates a new device with the defaults and its interfaces with the Active interface status', () => {
    const want = desiredDevices([node('n1')], [port('p1', 'n1', 'aa:bb:cc:dd:ee:01', 'eth0')]);
    const plan = planSync(want, [], [], [], options);
    expect(plan.deviceCreates).toEqual([
      {
        id: 'n1',
        name: 'node-n1',
        serial: 'SN-n1',
        status: STATUS.Active,
        custom_fields: { ironic_provision_state: 'active' },
        role: { name: 'server' },
        device_type: { model: 'R650' },
        location: 'loc-1',
      },
    ]);
    expect(plan.interfaceCreates).toEqual([
      { id: 'p1', device: 'n1', name: 'eth0', mac_address: 'AA:BB:CC:DD:EE:01', type: 'other', status: STATUS.Active },
    ]);
  });

  it('patches only the fields that differ', () => {
    const want = desiredDevices([node('n1', { provision_state: 'clean failed' })], []);
    const plan = planSync(want, [], [device('n1')], [], options);
    expect(plan.deviceUpdates).toEqual([
      { id: 'n1', status: STATUS.Failed, custom_fields: { ironic_provision_state: 'clean failed' } },
    ]);
    expect(plan.deviceCreates).toEqual([]);
  });

  it('writes nothing for a device that already matches', () => {
    const want = desiredDevices([node('n1')], [port('p1', 'n1', 'aa:bb:cc:dd:ee:01', 'eth0')]);
    const plan = planSync(want, [], [device('n1')], [iface('i1', 'n1', 'eth0', 'AA:BB:CC:DD:EE:01')], options);
    expect(planSummary(plan)).toEqual({
      devicesCreated: 0,
      devicesUpdated: 0,
      devicesDecommissioned: 0,
      devicesUnchanged: 1,
      interfacesCreated: 0,
      interfacesUpdated: 0,
      interfacesDeleted: 0,
    });
  });

  it('updates a changed MAC, renames an interface found by MAC, and keeps unknown interfaces', () => {
    const want = desiredDevices(
      [node('n1')],
      [port('p1', 'n1', 'aa:bb:cc:dd:ee:99', 'eth0'), port('p2', 'n1', 'aa:bb:cc:dd:ee:02', 'ens2')],
    );
    const existing = [
      iface('i1', 'n1', 'eth0', 'AA:BB:CC:DD:EE:01'),
      iface('i2', 'n1', 'eth1', 'aa:bb:cc:dd:ee:02'),
      iface('i3', 'n1', 'bmc', 'AA:BB:CC:DD:EE:03'),
    ];
    const plan = planSync(want, [], [device('n1')], existing, options);
    expect(plan.interfaceUpdates).toEqual([
      { id: 'i1', mac_address: 'AA:BB:CC:DD:EE:99' },
      { id: 'i2', name: 'ens2' },
    ]);
    expect(plan.interfaceDeletes).toEqual([]);
    expect(
      planSync(want, [], [device('n1')], existing, { ...options, deleteUnknownInterfaces: true }).interfaceDeletes,
    ).toEqual([{ id: 'i3' }]);
  });

  it('decommissions a device whose node is gone, once', () => {
    const existing = [device('n1'), device('manual', { custom_fields: {} })];
    const gone = goneDevices([], existing);
    expect(gone.map((d) => d.id)).toEqual(['n1']);
    const plan = planSync([], gone, existing, [], options);
    expect(plan.deviceUpdates).toEqual([
      { id: 'n1', status: STATUS.Decommissioning, custom_fields: { ironic_provision_state: 'deleted' } },
    ]);
    expect(plan.decommissioned).toEqual(['n1']);
    const after = device('n1', {
      status: { id: STATUS.Decommissioning },
      custom_fields: { ironic_provision_state: 'deleted' },
    });
    expect(planSync([], [after], [after], [], options).deviceUpdates).toEqual([]);
  });

  it('refuses to create a device without defaults, naming the device and what is missing', () => {
    const want = desiredDevices([node('n1')], []);
    expect(() => planSync(want, [], [], [], { statuses })).toThrow(
      new PlanError('device n1 (node-n1) does not exist in Nautobot; creating it needs role, deviceType and location'),
    );
  });

  it('plans the devices before their ports are known, and completes that plan only with the same devices', () => {
    const nodes = [node('n1'), node('n2', { provision_state: 'clean failed' }), node('n3')];
    const ports = [port('p1', 'n1', 'aa:bb:cc:dd:ee:01', 'eth0'), port('p3', 'n3', 'aa:bb:cc:dd:ee:03', 'eth0')];
    const existing = [device('n1'), device('n2'), device('n3'), device('gone')];
    const interfaces = [iface('i1', 'n1', 'eth0', 'AA:BB:CC:DD:EE:01')];
    const desired = desiredDevices(nodes, ports);
    const gone = goneDevices(desired, existing);
    const index = indexExisting(existing, interfaces);
    // The device half is planned from the nodes alone (no interfaces: what a resync has before its port walk ends).
    const devices = planDevices(desiredDevices(nodes, []), gone, index, options);
    expect(devices.deviceUpdates.map((u) => u.id)).toEqual(['n2', 'gone']);
    expect(devices.decommissioned).toEqual(['gone']);
    const plan = planWithInterfaces(devices, desired, index, options);
    expect(plan.deviceUpdates).toBe(devices.deviceUpdates);
    expect(plan.interfaceCreates.map((c) => c.id)).toEqual(['p3']);
    expect(plan.unchanged).toEqual(['n1']);
    expect(() => planWithInterfaces(devices, desired.slice(1), index, options)).toThrow(
      'planWithInterfaces: the desired devices are not the ones the device plan was made for',
    );
  });

  it('names a status missing from Nautobot', () => {
    const want = desiredDevices([node('n1', { provision_state: 'enroll' })], []);
    const partial = statusIds([{ id: 'x', name: 'Active', content_types: ['dcim.device'] }]);
    expect(() => planSync(want, [], [device('n1')], [], { statuses: partial })).toThrow(
      'Nautobot has no status "Planned" for dcim.device',
    );
  });

  it('converges: applying a plan and planning again writes nothing', () => {
    const mac = fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 })
      .map((bytes) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(':'));
    const scenario = fc.record({
      nodes: fc.uniqueArray(
        fc.record({
          uuid: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
          name: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }),
          provision_state: fc.oneof(fc.constantFrom(...IRONIC_PROVISION_STATES), fc.constant('future')),
          properties: fc.record({ serial: fc.constantFrom('S1', 'S2', '') }),
        }),
        { selector: (n) => n.uuid },
      ),
      ports: fc.uniqueArray(
        fc.record({
          uuid: fc.uuid(),
          node_uuid: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
          address: mac,
          name: fc.option(fc.constantFrom('eth0', 'eth1', 'eth2'), { nil: null }),
        }),
        { selector: (p) => `${p.node_uuid}/${p.name ?? p.uuid}` },
      ),
      devices: fc.uniqueArray(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'f', 'g'), managed: fc.boolean() }), {
        selector: (d) => d.id,
      }),
      deleteUnknownInterfaces: fc.boolean(),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const want = desiredDevices(s.nodes, s.ports);
        let devices = s.devices.map((d) =>
          device(d.id, { custom_fields: d.managed ? { ironic_provision_state: 'active' } : {} }),
        );
        let interfaces: Interface[] = [iface('old', 'a', 'eth0', '00:00:00:00:00:00')];
        const opts = { ...options, deleteUnknownInterfaces: s.deleteUnknownInterfaces };
        const first = planSync(want, goneDevices(want, devices), devices, interfaces, opts);
        [devices, interfaces] = apply(first, devices, interfaces);
        const second = planSync(want, goneDevices(want, devices), devices, interfaces, opts);
        expect(second.deviceCreates.length + second.deviceUpdates.length).toBe(0);
        expect(second.interfaceCreates.length + second.interfaceUpdates.length).toBe(0);
        expect(second.interfaceDeletes.length).toBe(0);
      }),
    );
  });
});

/**
 * What Nautobot's GraphQL API answers for `selection` of a REST object: the fields named, related objects by their
 * sub-selection, `cf_<key>` from its custom fields (null when unset).
 */
function selected(object: object, selection: string): Record<string, unknown> {
  const pick = (from: Record<string, unknown>, set: SelectionSetNode): Record<string, unknown> =>
    Object.fromEntries(
      set.selections.map((node) => {
        if (node.kind !== Kind.FIELD) throw new Error(`not a field: ${node.kind}`);
        const name = node.name.value;
        const custom = (from.custom_fields ?? {}) as Record<string, unknown>;
        const value = name.startsWith('cf_') ? (custom[name.slice(3)] ?? null) : from[name];
        return [name, node.selectionSet ? pick(value as Record<string, unknown>, node.selectionSet) : value];
      }),
    );
  const [operation] = parse(`{ ${selection} }`).definitions as OperationDefinitionNode[];
  return pick(object as Record<string, unknown>, operation!.selectionSet);
}

describe('DEVICE_FIELDS and INTERFACE_FIELDS', () => {
  it('select everything the plan reads: the plan of the GraphQL rows is the plan of the REST objects', () => {
    const mac = fc.constantFrom('aa:bb:cc:dd:ee:01', 'AA:BB:CC:DD:EE:02', '52:54:00:ff:ff:ff', null);
    const scenario = fc.record({
      nodes: fc.uniqueArray(
        fc.record({
          uuid: fc.constantFrom('a', 'b', 'c', 'd'),
          name: fc.option(fc.constantFrom('node-a', 'x'), { nil: null }),
          provision_state: fc.constantFrom('active', 'available', 'manageable', 'future'),
          properties: fc.record({ serial: fc.constantFrom('SN-a', 'S2', '') }),
        }),
        { selector: (n) => n.uuid },
      ),
      ports: fc.array(
        fc.record({
          uuid: fc.uuid(),
          node_uuid: fc.constantFrom('a', 'b', 'c', 'd'),
          address: fc.constantFrom('aa:bb:cc:dd:ee:01', 'aa:bb:cc:dd:ee:02'),
          name: fc.option(fc.constantFrom('eth0', 'eth1'), { nil: null }),
        }),
      ),
      devices: fc.uniqueArray(
        fc.record({
          id: fc.constantFrom('a', 'b', 'c', 'e', 'f'),
          name: fc.option(fc.constantFrom('node-a', 'node-b', 'x'), { nil: null }),
          serial: fc.constantFrom('SN-a', 'S2', ''),
          status: fc.constantFrom(...Object.values(STATUS)),
          state: fc.option(fc.constantFrom('active', 'available', 'deleted', ''), { nil: undefined }),
          other: fc.option(fc.string(), { nil: undefined }),
        }),
        { selector: (d) => d.id },
      ),
      interfaces: fc.array(
        fc.record({
          id: fc.uuid(),
          device: fc.constantFrom('a', 'b', 'c', 'e'),
          name: fc.constantFrom('eth0', 'eth1', 'eth2'),
          mac,
        }),
      ),
      deleteUnknownInterfaces: fc.boolean(),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const want = desiredDevices(s.nodes, s.ports);
        const devices = s.devices.map((d) =>
          device(d.id, {
            name: d.name,
            serial: d.serial,
            status: { id: d.status, object_type: 'extras.status', url: `http://n/api/extras/statuses/${d.status}/` },
            custom_fields: {
              ...(d.state === undefined ? {} : { ironic_provision_state: d.state }),
              ...(d.other === undefined ? {} : { other: d.other }),
            },
          }),
        );
        const interfaces = s.interfaces.map((i) => iface(i.id, i.device, i.name, i.mac as string));
        const opts = { ...options, deleteUnknownInterfaces: s.deleteUnknownInterfaces };
        const slimDevices = devices.map((d) => deviceState(selected(d, DEVICE_FIELDS) as unknown as DeviceRow));
        const slimInterfaces = interfaces.map((i) => selected(i, INTERFACE_FIELDS) as unknown as InterfaceState);
        expect(planSync(want, goneDevices(want, slimDevices), slimDevices, slimInterfaces, opts)).toEqual(
          planSync(want, goneDevices(want, devices), devices, interfaces, opts),
        );
      }),
    );
  });
});

/** What Nautobot does with a plan's writes, enough to check that a second plan is empty. */
function apply(plan: SyncPlan, devices: Device[], interfaces: Interface[]): [Device[], Interface[]] {
  const byId = new Map(devices.map((d) => [d.id, d]));
  for (const c of plan.deviceCreates) {
    byId.set(
      c.id,
      device(c.id, { name: c.name, serial: c.serial, status: { id: c.status }, custom_fields: c.custom_fields }),
    );
  }
  for (const u of plan.deviceUpdates) {
    const d = byId.get(u.id)!;
    byId.set(u.id, {
      ...d,
      ...u,
      status: u.status ? { id: u.status } : d.status,
      custom_fields: { ...d.custom_fields, ...u.custom_fields },
    });
  }
  const ifaces = new Map(interfaces.map((i) => [i.id, i]));
  for (const c of plan.interfaceCreates) ifaces.set(c.id, iface(c.id, c.device, c.name, c.mac_address));
  for (const u of plan.interfaceUpdates) ifaces.set(u.id, { ...ifaces.get(u.id)!, ...u });
  for (const d of plan.interfaceDeletes) ifaces.delete(d.id);
  return [[...byId.values()], [...ifaces.values()]];
}
