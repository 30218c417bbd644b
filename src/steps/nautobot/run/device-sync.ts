import { type Device, Endpoint, type Interface, NautobotClient } from '../../../clients/nautobot/index.js';
import { desiredDevice } from '../../../sync/ironic-to-nautobot.js';
import { isEmptyPlan, isManaged, planSummary, planSync } from '../../../sync/plan.js';
import { connectIronic } from '../../openstack/run/ironic-common.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { DeviceSyncInput } from '../inputs/device-sync.js';
import { listNodePorts } from './ironic-inventory.js';
import {
  applyPlan,
  isUuid,
  newDeviceDefaults,
  readStatuses,
  syncStepError,
  unlessMissing,
  warnUnknownStates,
} from './sync-common.js';

export async function run(input: DeviceSyncInput, ctx: StepContext): Promise<StepResult> {
  const defaults = newDeviceDefaults(input);
  const nautobot = await NautobotClient.fromContext(ctx);
  const ironic = await connectIronic(ctx);
  try {
    // Undefined when Ironic answers 404: the node was deleted.
    const node = await unlessMissing(ironic.node(input.node));
    const [statuses, device] = await Promise.all([
      readStatuses(nautobot),
      node ? nautobot.get<Device>(Endpoint.devices, node.uuid) : findDevice(nautobot, input.node),
    ]);
    const [ports, interfaces] = await Promise.all([
      node ? listNodePorts(ironic, node.uuid) : [],
      device ? nautobot.listAll<Interface>(Endpoint.interfaces, { device_id: device.id }) : [],
    ]);
    if (!node && !device) {
      return {
        outcome: 'unchanged',
        message: `node ${input.node} is in neither Ironic nor Nautobot: nothing to sync`,
      };
    }
    // Only a device the sync manages is decommissioned: a hand-made one that shares the name is left alone.
    const gone = !node && device && isManaged(device) ? [device] : [];
    const desired = node ? [desiredDevice(node, ports)] : [];
    warnUnknownStates(desired, ctx);
    const plan = planSync(desired, gone, device ? [device] : [], interfaces, {
      statuses,
      defaults,
      deleteUnknownInterfaces: input.deleteUnknownInterfaces,
      interfaceType: input.interfaceType,
    });
    const summary = planSummary(plan);
    await ctx.output('changes', summary);
    const label = node ? `node ${node.name ?? node.uuid}` : `deleted node ${input.node}`;
    if (isEmptyPlan(plan)) {
      return { outcome: 'unchanged', message: `${label}: Nautobot already matches`, details: summary };
    }
    if (ctx.dryRun) {
      return { outcome: 'dry-run', message: `would sync ${label} to Nautobot`, details: { ...summary, plan } };
    }
    await applyPlan(nautobot, plan);
    return { outcome: 'changed', message: `synced ${label} to Nautobot`, details: summary };
  } catch (error) {
    throw syncStepError(error, `sync node ${input.node} to Nautobot`);
  }
}

/** A deleted node's device: by id when the input is a UUID, else by name. */
async function findDevice(nautobot: NautobotClient, ident: string): Promise<Device | undefined> {
  const byId = isUuid(ident) ? await nautobot.get<Device>(Endpoint.devices, ident) : undefined;
  if (byId) return byId;
  const byName = await nautobot.listAll<Device>(Endpoint.devices, { name: ident });
  return byName.length === 1 ? byName[0] : undefined;
}
