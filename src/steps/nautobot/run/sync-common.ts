import { HttpError } from '../../../clients/http/index.js';
import { Endpoint, type NautobotClient, type RelatedRef, type Status } from '../../../clients/nautobot/index.js';
import { openstackStepError } from '../../../clients/openstack/index.js';
import type { DesiredDevice } from '../../../sync/ironic-to-nautobot.js';
import { type NewDeviceDefaults, PlanError, type StatusIds, type SyncPlan, statusIds } from '../../../sync/plan.js';
import { NotFoundError, PreconditionError, type StepError } from '../../runtime/errors.js';
import type { StepContext } from '../../runtime/step.js';
import { requestSent } from './limited-fetch.js';

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A UUID as-is; anything else as the attribute Nautobot looks the object up by. */
export function relatedRef(value: string, attribute: 'name' | 'model'): RelatedRef {
  return isUuid(value) ? value : { [attribute]: value };
}

/** The role, type and location of new devices, or undefined when not given (the input schema allows all or none). */
export function newDeviceDefaults(input: {
  readonly role?: string;
  readonly deviceType?: string;
  readonly location?: string;
}): NewDeviceDefaults | undefined {
  const { role, deviceType, location } = input;
  if (role === undefined || deviceType === undefined || location === undefined) return undefined;
  return {
    role: relatedRef(role, 'name'),
    device_type: relatedRef(deviceType, 'model'),
    location: relatedRef(location, 'name'),
  };
}

export async function readStatuses(nautobot: NautobotClient): Promise<StatusIds> {
  return statusIds(
    await nautobot.listAll<Status>(Endpoint.statuses, { content_types: ['dcim.device', 'dcim.interface'] }),
  );
}

/**
 * Sends a plan's writes through the bulk endpoints, each as soon as what it depends on is written. At once,
 * everything that depends on nothing else: device creates and updates, interface deletes and MAC-only interface
 * updates, and, when no interface is renamed or deleted, interface creates on devices that already exist. Renames
 * once the deletes are done (they may take a name a delete frees); the remaining creates once the devices are created
 * and the deletes done (their device exists, and no name they take is still in use). A dependent write does not
 * start after any write has failed. Empty groups send nothing.
 */
export async function applyPlan(nautobot: NautobotClient, plan: SyncPlan): Promise<void> {
  await applyPlanning(nautobot, plan, async () => plan);
}

/** The device half of a plan (planDevices), what applyPlanning writes first. */
export type DeviceWrites = Pick<SyncPlan, 'deviceCreates' | 'deviceUpdates'>;

/**
 * applyPlan for a plan whose interfaces are still to be planned: the device writes are sent first, and `planRest` is
 * called once they are on their way (its CPU then overlaps their round trip); the interface writes of the plan it
 * returns follow, as applyPlan orders them, unless a device write has failed meanwhile. A `planRest` that throws
 * does so once the device writes in flight have ended. Returns the plan `planRest` returned.
 */
export async function applyPlanning<P extends SyncPlan>(
  nautobot: NautobotClient,
  devices: DeviceWrites,
  planRest: () => Promise<P>,
): Promise<P> {
  let failed = false;
  const write = <T>(items: readonly T[], send: (items: readonly T[]) => Promise<unknown>): Promise<unknown> =>
    items.length === 0
      ? Promise.resolve()
      : send(items).catch((error: unknown) => {
          failed = true;
          throw error;
        });
  const after = <T>(
    first: readonly Promise<unknown>[],
    items: readonly T[],
    send: (items: readonly T[]) => Promise<unknown>,
  ) => Promise.all(first).then(() => (failed ? undefined : write(items, send)));
  // Device creates first: the interfaces of new devices wait for them.
  const devicesCreated = write(devices.deviceCreates, (items) => nautobot.create(Endpoint.devices, items));
  const devicesUpdated = write(devices.deviceUpdates, (items) => nautobot.update(Endpoint.devices, items));
  // Handled from now on: one may fail while `planRest` runs, before the Promise.all below awaits them.
  const devicesWritten = Promise.allSettled([devicesCreated, devicesUpdated]);
  let plan: P;
  try {
    await requestSent();
    plan = await planRest();
  } catch (error) {
    await devicesWritten;
    throw error;
  }
  const newDevices = new Set(plan.deviceCreates.map((d) => d.id));
  const [renames, macOnly] = partition(plan.interfaceUpdates, (u) => u.name !== undefined);
  const namesMayFree = renames.length > 0 || plan.interfaceDeletes.length > 0;
  const [later, early] = partition(plan.interfaceCreates, (c) => namesMayFree || newDevices.has(c.device));
  const deleted = after([], plan.interfaceDeletes, (items) =>
    nautobot.delete(
      Endpoint.interfaces,
      items.map((d) => d.id),
    ),
  );
  await Promise.all([
    devicesCreated,
    devicesUpdated,
    deleted,
    after([], macOnly, (items) => nautobot.update(Endpoint.interfaces, items)),
    after([], early, (items) => nautobot.create(Endpoint.interfaces, items)),
    after([deleted], renames, (items) => nautobot.update(Endpoint.interfaces, items)),
    after([devicesCreated, deleted], later, (items) => nautobot.create(Endpoint.interfaces, items)),
  ]);
  return plan;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

/** Logs one warning per provision state this code does not know, with the nodes in it. */
export function warnUnknownStates(
  desired: readonly Pick<DesiredDevice, 'id' | 'provisionState' | 'stateKnown'>[],
  ctx: StepContext,
): void {
  const unknown = new Map<string, string[]>();
  for (const device of desired) {
    if (!device.stateKnown)
      unknown.set(device.provisionState, [...(unknown.get(device.provisionState) ?? []), device.id]);
  }
  for (const [state, nodes] of unknown) {
    ctx.log.warn('unknown-provision-state', {
      state,
      status: 'Offline',
      nodes: nodes.slice(0, 20),
      count: nodes.length,
    });
  }
}

/** What `read` returns, or undefined when the object does not exist (a 404, or a client's NotFoundError). */
export async function unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError || (error instanceof HttpError && error.status === 404)) return undefined;
    throw error;
  }
}

/** Any failure of a sync step as a step error: plan problems are preconditions, clients map by status. */
export function syncStepError(error: unknown, what: string): StepError {
  if (error instanceof PlanError) return new PreconditionError(`${what}: ${error.message}`, { cause: error });
  return openstackStepError(error, what);
}
