import type { CustomFields, Device, Interface, RelatedRef, Status } from '../clients/nautobot/models.js';
import {
  type DesiredDevice,
  type DesiredInterface,
  groupBy,
  type NodeDevice,
  normalizeMac,
} from './ironic-to-nautobot.js';
import { DELETED_STATE, NautobotDeviceStatus } from './provision-states.js';

/** The status of the interfaces the sync creates. */
export const INTERFACE_STATUS = 'Active';

/** Custom field (type text, on dcim.device) holding the node's raw provision state; it marks Ironic-managed devices. */
export const PROVISION_STATE_FIELD = 'ironic_provision_state';

/** Status ids by name, for the two content types the sync writes. */
export interface StatusIds {
  readonly device: ReadonlyMap<string, string>;
  readonly interface: ReadonlyMap<string, string>;
}

export function statusIds(statuses: readonly Status[]): StatusIds {
  const forType = (type: string) =>
    new Map(statuses.filter((s) => s.content_types.includes(type)).map((s) => [s.name, s.id]));
  return { device: forType('dcim.device'), interface: forType('dcim.interface') };
}

/** Where a device Nautobot has never seen goes: Ironic does not know its role, type or location. */
export interface NewDeviceDefaults {
  readonly role: RelatedRef;
  readonly device_type: RelatedRef;
  readonly location: RelatedRef;
}

export interface PlanOptions {
  readonly statuses: StatusIds;
  /** Required only when a device has to be created. */
  readonly defaults?: NewDeviceDefaults;
  /** Delete interfaces Ironic has no port for. @default false: unknown interfaces are kept */
  readonly deleteUnknownInterfaces?: boolean;
  /** `type` of created interfaces. @default 'other' */
  readonly interfaceType?: string;
}

export interface DeviceCreate extends NewDeviceDefaults {
  readonly id: string;
  readonly name: string;
  readonly serial: string;
  readonly status: string;
  readonly custom_fields: CustomFields;
}
/** A PATCH body for the bulk endpoint: the id and only the fields that differ. */
export type DeviceUpdate = { readonly id: string } & Partial<
  Pick<DeviceCreate, 'name' | 'serial' | 'status' | 'custom_fields'>
>;
export interface InterfaceCreate {
  readonly id: string;
  readonly device: string;
  readonly name: string;
  readonly type: string;
  readonly mac_address: string;
  readonly status: string;
}
export type InterfaceUpdate = { readonly id: string } & Partial<Pick<InterfaceCreate, 'name' | 'mac_address'>>;

export interface SyncPlan {
  readonly deviceCreates: readonly DeviceCreate[];
  readonly deviceUpdates: readonly DeviceUpdate[];
  readonly interfaceCreates: readonly InterfaceCreate[];
  readonly interfaceUpdates: readonly InterfaceUpdate[];
  readonly interfaceDeletes: readonly { readonly id: string }[];
  /** Ids of devices (including decommissioned ones) that need no write at all. */
  readonly unchanged: readonly string[];
  /** Ids of devices set to Decommissioning because their node is gone from Ironic. */
  readonly decommissioned: readonly string[];
}

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

/** What the plan reads of a Nautobot device: a full `Device` is one, and so is the slim copy of `deviceState`. */
export type DeviceState = Pick<Device, 'id' | 'name' | 'serial' | 'custom_fields'> & {
  readonly status: Pick<Device['status'], 'id'>;
};
/** What the plan reads of a Nautobot interface (`interfaceState` keeps only that). */
export type InterfaceState = Pick<Interface, 'id' | 'name' | 'mac_address'> & {
  readonly device: Pick<Interface['device'], 'id'>;
};

/** The provision state field as a GraphQL field: Nautobot's GraphQL types carry each custom field as `cf_<key>`. */
const PROVISION_STATE_CF = `cf_${PROVISION_STATE_FIELD}` as const;

/**
 * What the plan reads of a device, as a selection of Nautobot's GraphQL API: a listing of thousands then brings a
 * fraction of what a REST page sends (every field, references' URLs, every custom field). A custom field is a field
 * `cf_<key>` there (GRAPHQL_CUSTOM_FIELD_PREFIX, nautobot/core/settings.py at v2.4.9).
 */
export const DEVICE_FIELDS = `id name serial status { id } ${PROVISION_STATE_CF}`;
/** A device as the DEVICE_FIELDS selection answers it. */
export interface DeviceRow {
  readonly id: string;
  readonly name: string | null;
  readonly serial: string;
  readonly status: { readonly id: string };
  readonly [PROVISION_STATE_CF]?: unknown;
}

/** A device's GraphQL row as the plan reads it: its custom field back under `custom_fields`, as REST has it. */
export function deviceState(row: DeviceRow): DeviceState {
  return {
    id: row.id,
    name: row.name,
    serial: row.serial,
    status: { id: row.status.id },
    custom_fields: { [PROVISION_STATE_FIELD]: row[PROVISION_STATE_CF] },
  };
}

/**
 * What the plan reads of an interface, as a GraphQL selection, whose answer is the InterfaceState itself. Its
 * `mac_address` is rendered as REST renders it: upper case with colons, null when empty (nautobot/dcim/graphql/types.py
 * `InterfaceType`, nautobot/core/models/fields.py `MACAddressCharField` at v2.4.9).
 */
export const INTERFACE_FIELDS = 'id name mac_address device { id }';

/** Devices whose node is gone: Ironic-managed (the provision state field is set) and not among the desired ones. */
export function goneDevices<D extends DeviceState>(
  desired: readonly { readonly id: string }[],
  existing: readonly D[],
): D[] {
  const wanted = new Set(desired.map((d) => d.id));
  return existing.filter((d) => isManaged(d) && !wanted.has(d.id));
}

export function isManaged(device: DeviceState): boolean {
  const state = device.custom_fields?.[PROVISION_STATE_FIELD];
  return typeof state === 'string' && state !== '';
}

/** Nautobot's side as the plan looks it up: devices by id, interfaces by their device's id. */
export interface ExistingIndex {
  readonly devicesById: ReadonlyMap<string, DeviceState>;
  readonly interfacesByDevice: ReadonlyMap<string, readonly InterfaceState[]>;
}

/** Indexes Nautobot's listings for the plan (planDevices, planWithInterfaces). */
export function indexExisting(
  existingDevices: readonly DeviceState[],
  existingInterfaces: readonly InterfaceState[],
): ExistingIndex {
  return { devicesById: indexDevices(existingDevices), interfacesByDevice: indexInterfaces(existingInterfaces) };
}

/** ExistingIndex's devices; a resync builds it as soon as they are listed. */
export function indexDevices(existingDevices: readonly DeviceState[]): ExistingIndex['devicesById'] {
  return new Map(existingDevices.map((d) => [d.id, d]));
}

/** ExistingIndex's interfaces; a resync builds it as soon as they are listed. */
export function indexInterfaces(existingInterfaces: readonly InterfaceState[]): ExistingIndex['interfacesByDevice'] {
  return groupBy(existingInterfaces, (i) => i.device.id);
}

/**
 * The writes that make Nautobot match Ironic: creates for new devices and interfaces, PATCHes carrying only the
 * fields that differ, Decommissioning for `gone` devices. Pure: the same inputs give the same plan.
 */
export function planSync(
  desired: readonly DesiredDevice[],
  gone: readonly DeviceState[],
  existingDevices: readonly DeviceState[],
  existingInterfaces: readonly InterfaceState[],
  options: PlanOptions,
): SyncPlan {
  const index = indexExisting(existingDevices, existingInterfaces);
  return planWithInterfaces(planDevices(desired, gone, index, options), desired, index, options);
}

/**
 * The devices' half of a plan: creates, PATCHes and decommissions, which need the nodes but not their ports (a
 * resync plans them while Ironic's ports are still being listed). `planWithInterfaces` completes it.
 */
export interface DevicePlan {
  readonly devices: readonly Pick<DesiredDevice, 'id'>[];
  readonly deviceCreates: readonly DeviceCreate[];
  readonly deviceUpdates: readonly DeviceUpdate[];
  readonly decommissioned: readonly string[];
  /** Per device (same order as `devices`): whether its own fields are written. */
  readonly written: readonly boolean[];
  /** Gone devices already decommissioned. */
  readonly goneUnchanged: readonly string[];
}

/** The device half of the plan, from the devices' own fields: their interfaces may not be known yet. */
export function planDevices(
  devices: readonly NodeDevice[],
  gone: readonly DeviceState[],
  { devicesById }: Pick<ExistingIndex, 'devicesById'>,
  options: Pick<PlanOptions, 'statuses' | 'defaults'>,
): DevicePlan {
  const deviceStatus = (name: string) => lookupStatus(options.statuses.device, name, 'dcim.device');
  const deviceCreates: DeviceCreate[] = [];
  const deviceUpdates: DeviceUpdate[] = [];
  const decommissioned: string[] = [];
  const goneUnchanged: string[] = [];
  const written = new Array<boolean>(devices.length);
  for (let n = 0; n < devices.length; n++) {
    const want = devices[n]!;
    const status = deviceStatus(want.status);
    const have = devicesById.get(want.id);
    if (!have) {
      if (!options.defaults) {
        throw new PlanError(
          `device ${want.id} (${want.name}) does not exist in Nautobot; creating it needs role, deviceType and location`,
        );
      }
      const { id, name, serial } = want;
      const custom_fields = { [PROVISION_STATE_FIELD]: want.provisionState };
      deviceCreates.push({ id, name, serial, status, custom_fields, ...options.defaults });
      written[n] = true;
    } else {
      const update = deviceUpdate(have, status, want.provisionState, want.name, want.serial);
      if (update) deviceUpdates.push(update);
      written[n] = update !== undefined;
    }
  }
  for (const device of gone) {
    const update = deviceUpdate(device, deviceStatus(NautobotDeviceStatus.Decommissioning), DELETED_STATE);
    if (update) {
      deviceUpdates.push(update);
      decommissioned.push(device.id);
    } else {
      goneUnchanged.push(device.id);
    }
  }
  return { devices, deviceCreates, deviceUpdates, decommissioned, written, goneUnchanged };
}

/** The whole plan: `devicePlan` with the interface writes of `desired`, the same devices in the same order. */
export function planWithInterfaces(
  devicePlan: DevicePlan,
  desired: readonly DesiredDevice[],
  { interfacesByDevice }: Pick<ExistingIndex, 'interfacesByDevice'>,
  options: PlanOptions,
): SyncPlan {
  const { devices, written } = devicePlan;
  if (desired.length !== devices.length || desired.some((want, n) => want.id !== devices[n]!.id)) {
    throw new Error('planWithInterfaces: the desired devices are not the ones the device plan was made for');
  }
  const plan = {
    interfaceCreates: [] as InterfaceCreate[],
    interfaceUpdates: [] as InterfaceUpdate[],
    interfaceDeletes: [] as { id: string }[],
  };
  const unchanged: string[] = [];
  const interfaceWrites: InterfaceWrites = {
    plan,
    type: options.interfaceType ?? 'other',
    activeStatus: () => lookupStatus(options.statuses.interface, INTERFACE_STATUS, 'dcim.interface'),
    deleteUnknown: options.deleteUnknownInterfaces ?? false,
  };
  for (let n = 0; n < desired.length; n++) {
    const want = desired[n]!;
    const before = plan.interfaceCreates.length + plan.interfaceUpdates.length + plan.interfaceDeletes.length;
    planInterfaces(want, interfacesByDevice.get(want.id) ?? NO_INTERFACES, interfaceWrites);
    const interfacesWritten =
      plan.interfaceCreates.length + plan.interfaceUpdates.length + plan.interfaceDeletes.length > before;
    if (!written[n] && !interfacesWritten) unchanged.push(want.id);
  }
  return {
    deviceCreates: devicePlan.deviceCreates,
    deviceUpdates: devicePlan.deviceUpdates,
    ...plan,
    unchanged: unchanged.concat(devicePlan.goneUnchanged),
    decommissioned: devicePlan.decommissioned,
  };
}

/** The PATCH that gives `have` these values (a name or serial left undefined is not compared), if any differs. */
function deviceUpdate(
  have: DeviceState,
  status: string,
  provisionState: string,
  name?: string,
  serial?: string,
): DeviceUpdate | undefined {
  // Called for every device of a resync, nearly all unchanged: nothing is allocated until a field differs.
  const nameDiffers = name !== undefined && name !== have.name;
  const serialDiffers = serial !== undefined && serial !== (have.serial ?? '');
  const statusDiffers = status !== have.status?.id;
  const stateDiffers = have.custom_fields?.[PROVISION_STATE_FIELD] !== provisionState;
  if (!nameDiffers && !serialDiffers && !statusDiffers && !stateDiffers) return undefined;
  const update: Record<string, unknown> = { id: have.id };
  if (nameDiffers) update.name = name;
  if (serialDiffers) update.serial = serial;
  if (statusDiffers) update.status = status;
  if (stateDiffers) update.custom_fields = { [PROVISION_STATE_FIELD]: provisionState };
  return update as DeviceUpdate;
}

const NO_INTERFACES: readonly InterfaceState[] = [];

/** Where planInterfaces puts each device's interface writes, and what a create takes. */
interface InterfaceWrites {
  readonly plan: {
    readonly interfaceCreates: InterfaceCreate[];
    readonly interfaceUpdates: InterfaceUpdate[];
    readonly interfaceDeletes: { id: string }[];
  };
  readonly type: string;
  readonly activeStatus: () => string;
  readonly deleteUnknown: boolean;
}

/** Match interfaces by name, then a renamed port by its MAC address; the rest are created (or, if asked, deleted). */
function planInterfaces(want: DesiredDevice, have: readonly InterfaceState[], writes: InterfaceWrites): void {
  const { interfaceCreates, interfaceUpdates, interfaceDeletes } = writes.plan;
  // Called for every device of a resync (a few interfaces each, nearly all unchanged): plain scans of `have` with a
  // flag per interface once matched (cheaper than two maps per device), writes pushed straight onto the plan. A name
  // held twice matches its last holder, as a map by name would.
  const matched = have.length > 0 ? new Array<boolean>(have.length).fill(false) : [];
  let pending: DesiredInterface[] | undefined;
  for (const port of want.interfaces) {
    let index = have.length - 1;
    while (index >= 0 && have[index]!.name !== port.name) index--;
    if (index >= 0 && !matched[index]) {
      matched[index] = true;
      const match = have[index]!;
      if (normalizeMac(match.mac_address ?? '') !== port.macAddress) {
        interfaceUpdates.push({ id: match.id, mac_address: port.macAddress });
      }
    } else {
      pending ??= [];
      pending.push(port);
    }
  }
  for (const port of pending ?? NO_PORTS) {
    let index = 0;
    while (index < have.length && (matched[index] || normalizeMac(have[index]!.mac_address ?? '') !== port.macAddress))
      index++;
    if (index < have.length) {
      matched[index] = true;
      interfaceUpdates.push({ id: have[index]!.id, name: port.name });
    } else {
      const { portUuid: id, name, macAddress: mac_address } = port;
      const { type } = writes;
      interfaceCreates.push({ device: want.id, id, name, mac_address, type, status: writes.activeStatus() });
    }
  }
  if (writes.deleteUnknown) {
    for (let n = 0; n < have.length; n++) if (!matched[n]) interfaceDeletes.push({ id: have[n]!.id });
  }
}
const NO_PORTS: readonly DesiredInterface[] = [];

function lookupStatus(ids: ReadonlyMap<string, string>, name: string, contentType: string): string {
  const id = ids.get(name);
  if (id === undefined) {
    throw new PlanError(`Nautobot has no status "${name}" for ${contentType}; create it or add ${contentType} to it`);
  }
  return id;
}

/** Counts for logs and outputs. */
export function planSummary(plan: SyncPlan) {
  return {
    devicesCreated: plan.deviceCreates.length,
    devicesUpdated: plan.deviceUpdates.length - plan.decommissioned.length,
    devicesDecommissioned: plan.decommissioned.length,
    devicesUnchanged: plan.unchanged.length,
    interfacesCreated: plan.interfaceCreates.length,
    interfacesUpdated: plan.interfaceUpdates.length,
    interfacesDeleted: plan.interfaceDeletes.length,
  };
}

export function isEmptyPlan(plan: SyncPlan): boolean {
  return (
    plan.deviceCreates.length +
      plan.deviceUpdates.length +
      plan.interfaceCreates.length +
      plan.interfaceUpdates.length +
      plan.interfaceDeletes.length ===
    0
  );
}
