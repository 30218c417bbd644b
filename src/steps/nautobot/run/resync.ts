import { writeFile } from 'node:fs/promises';
import { setImmediate as afterIo } from 'node:timers/promises';
import { Endpoint, NautobotClient } from '../../../clients/nautobot/index.js';
import { OpenStackCloud } from '../../../clients/openstack/index.js';
import { devicesWithInterfaces } from '../../../sync/ironic-to-nautobot.js';
import {
  DEVICE_FIELDS,
  deviceState,
  goneDevices,
  INTERFACE_FIELDS,
  INTERFACE_STATUS,
  type InterfaceState,
  indexDevices,
  indexInterfaces,
  isEmptyPlan,
  planDevices,
  planSummary,
  planWithInterfaces,
  type SyncPlan,
} from '../../../sync/plan.js';
import { connectIronic } from '../../openstack/run/ironic-common.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ResyncInput } from '../inputs/resync.js';
import { listNodeDevices, listPortInterfaces } from './ironic-inventory.js';
import { fetchLimiter } from './limited-fetch.js';
import {
  applyPlan,
  applyPlanning,
  newDeviceDefaults,
  readStatuses,
  syncStepError,
  warnUnknownStates,
} from './sync-common.js';

/**
 * `work` on what `inputs` bring, once they are all in and the I/O pending then has been handled: each is a block of
 * several milliseconds on the thread every walk's next page waits for, and none of them holds up the others' pages.
 */
function whenIn<const P extends readonly unknown[], R>(
  inputs: P,
  work: (...values: { -readonly [K in keyof P]: Awaited<P[K]> }) => R,
): Promise<R> {
  return Promise.all(inputs).then(async (values) => {
    await afterIo();
    return work(...values);
  });
}

/** The plan as JSON lines, so a tail cut at a line start (a site without an artifact repository) stays readable. */
function planLines(plan: SyncPlan): string {
  const groups = [
    'deviceCreates',
    'deviceUpdates',
    'interfaceCreates',
    'interfaceUpdates',
    'interfaceDeletes',
  ] as const;
  const lines = groups.flatMap((write) => plan[write].map((item) => JSON.stringify({ write, ...item })));
  lines.push(...plan.decommissioned.map((id) => JSON.stringify({ write: 'decommissioned', id })));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function run(input: ResyncInput, ctx: StepContext): Promise<StepResult> {
  const defaults = newDeviceDefaults(input);
  const nautobotUrl = ctx.env.NAUTOBOT_URL ?? '';
  // Keystone and Ironic are chains of marker pages that set the wall time; Nautobot's offset pages fill the gaps.
  // With two slots, chains holding both would leave Nautobot's pages, and their parsing, to the end: one is kept
  // for them while they wait (measured: about 15% less wall time at 2,000 nodes; with more slots, the chains, the
  // longest path of a larger run, keep priority over every slot).
  const limited = fetchLimiter(input.concurrency, {
    urgent: (url) => !url.startsWith(nautobotUrl),
    reserved: input.concurrency === 2 ? 1 : 0,
  });
  const nautobot = await NautobotClient.fromContext(ctx, {
    fetch: limited((url, init) => globalThis.fetch(url, init)),
    pageSize: input.pageSize,
    bulkSize: input.bulkSize,
    concurrency: input.concurrency,
  });
  try {
    const cloud = await OpenStackCloud.fromStepContext(ctx, { wrapFetch: limited });
    const ironic = connectIronic(ctx, cloud);
    // Through GraphQL, only the fields the plan reads (a fraction of REST's pages to parse).
    const devicesListed = nautobot.queryAll(
      { list: 'devices', fields: DEVICE_FIELDS, countFrom: Endpoint.devices },
      deviceState,
    );
    const interfacesListed = nautobot.queryAll<InterfaceState>({
      list: 'interfaces',
      fields: INTERFACE_FIELDS,
      countFrom: Endpoint.interfaces,
    });
    const nodesListed = ironic.then((client) => listNodeDevices(client, input.pageSize));
    const statusesRead = readStatuses(nautobot);
    // Nautobot's side indexed and the devices' writes planned (they need no port) while Ironic's longer walks of
    // pages still run; what is left after their last page is the interfaces' half.
    const devicesById = whenIn([devicesListed], indexDevices);
    const interfacesByDevice = whenIn([interfacesListed], indexInterfaces);
    const gone = whenIn([nodesListed, devicesListed], goneDevices);
    // A plan that cannot be made (a status Nautobot lacks, a new device without defaults) is held until every listing
    // is in: a listing that fails still says so (exit 75 for an answer that can come back), and nothing is left
    // running behind the step's result.
    const devicesPlanned = whenIn(
      [nodesListed, gone, devicesById, statusesRead],
      (nodes, gone, devicesById, statuses) => planDevices(nodes, gone, { devicesById }, { statuses, defaults }),
    ).then(
      (plan) => ({ plan }),
      (error: unknown) => ({ error }),
    );
    const [nodes, ports, statuses, devices, interfaces, byDevice, planned] = await Promise.all([
      nodesListed,
      ironic.then((client) => listPortInterfaces(client, input.pageSize)),
      statusesRead,
      devicesListed,
      interfacesListed,
      interfacesByDevice,
      devicesPlanned,
    ]);
    ctx.log.info('listed', {
      nodes: nodes.length,
      ports: ports.length,
      devices: devices.length,
      interfaces: interfaces.length,
    });
    warnUnknownStates(nodes, ctx);
    if ('error' in planned) throw planned.error;
    const devicePlan = planned.plan;
    /** The interfaces' half of the plan, then the plan's outputs (before any interface write). */
    const planRest = async (): Promise<SyncPlan> => {
      const desired = devicesWithInterfaces(nodes, ports);
      const plan = planWithInterfaces(
        devicePlan,
        desired,
        { interfacesByDevice: byDevice },
        {
          statuses,
          defaults,
          deleteUnknownInterfaces: input.deleteUnknownInterfaces,
          interfaceType: input.interfaceType,
        },
      );
      const summary = planSummary(plan);
      ctx.log.info('plan', summary);
      await ctx.output('changes', summary);
      await writeFile(ctx.outputPath('plan'), planLines(plan));
      return plan;
    };
    const refused = devicePlan.decommissioned.length > input.maxDecommission;
    // Every listing is in (one that fails writes nothing): the device writes go out now and the interfaces are planned
    // while they are on their way, unless nothing may be written, or planning the interfaces could still refuse the
    // run (no interface status to create them with), which it must do before any write.
    const overlap =
      !ctx.dryRun &&
      !refused &&
      devicePlan.deviceCreates.length + devicePlan.deviceUpdates.length > 0 &&
      statuses.interface.has(INTERFACE_STATUS);
    const plan = overlap ? await applyPlanning(nautobot, devicePlan, planRest) : await planRest();
    const summary = planSummary(plan);
    if (refused) {
      // An Ironic listing that misses nodes looks exactly like nodes deleted in bulk: refuse to guess.
      throw new PreconditionError(
        `${plan.decommissioned.length} devices would be decommissioned (their nodes are not in Ironic's listing of ` +
          `${nodes.length}), more than maxDecommission ${input.maxDecommission}; nothing was written. Check that ` +
          'the OpenStack credential sees every node (admin, the right region), or raise --max-decommission',
      );
    }
    if (isEmptyPlan(plan)) {
      return { outcome: 'unchanged', message: `Nautobot matches Ironic (${nodes.length} nodes)`, details: summary };
    }
    if (ctx.dryRun) {
      return { outcome: 'dry-run', message: `would sync ${nodes.length} nodes to Nautobot`, details: summary };
    }
    if (!overlap) await applyPlan(nautobot, plan);
    return { outcome: 'changed', message: `synced ${nodes.length} nodes to Nautobot`, details: summary };
  } catch (error) {
    throw syncStepError(error, 'resync Ironic to Nautobot');
  }
}
