import { writeFile } from 'node:fs/promises';
import { Endpoint, NautobotClient } from '../../../clients/nautobot/index.js';
import { OpenStackCloud } from '../../../clients/openstack/index.js';
import { devicesWithInterfaces } from '../../../sync/ironic-to-nautobot.js';
import {
  DEVICE_FIELDS,
  deviceState,
  goneDevices,
  INTERFACE_FIELDS,
  type InterfaceState,
  indexExisting,
  isEmptyPlan,
  planIndexed,
  planSummary,
  type SyncPlan,
} from '../../../sync/plan.js';
import { connectIronic } from '../../openstack/run/ironic-common.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { ResyncInput } from '../inputs/resync.js';
import { listNodeDevices, listPortInterfaces } from './ironic-inventory.js';
import { fetchLimiter } from './limited-fetch.js';
import { applyPlan, newDeviceDefaults, readStatuses, syncStepError, warnUnknownStates } from './sync-common.js';

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
    // Through GraphQL, only the fields the plan reads (a fraction of REST's pages to parse), and indexed for the
    // plan as soon as both are in, while Ironic's longer chains of pages are still running.
    const existing = Promise.all([
      nautobot.queryAll({ list: 'devices', fields: DEVICE_FIELDS, countFrom: Endpoint.devices }, deviceState),
      nautobot.queryAll<InterfaceState>({
        list: 'interfaces',
        fields: INTERFACE_FIELDS,
        countFrom: Endpoint.interfaces,
      }),
    ]).then(([devices, interfaces]) => ({ devices, interfaces, index: indexExisting(devices, interfaces) }));
    const [nodes, ports, statuses, { devices, interfaces, index }] = await Promise.all([
      ironic.then((client) => listNodeDevices(client, input.pageSize)),
      ironic.then((client) => listPortInterfaces(client, input.pageSize)),
      readStatuses(nautobot),
      existing,
    ]);
    ctx.log.info('listed', {
      nodes: nodes.length,
      ports: ports.length,
      devices: devices.length,
      interfaces: interfaces.length,
    });
    const desired = devicesWithInterfaces(nodes, ports);
    warnUnknownStates(desired, ctx);
    const plan = planIndexed(desired, goneDevices(desired, devices), index, {
      statuses,
      defaults,
      deleteUnknownInterfaces: input.deleteUnknownInterfaces,
      interfaceType: input.interfaceType,
    });
    const summary = planSummary(plan);
    ctx.log.info('plan', summary);
    await ctx.output('changes', summary);
    await writeFile(ctx.outputPath('plan'), planLines(plan));
    if (plan.decommissioned.length > input.maxDecommission) {
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
    await applyPlan(nautobot, plan);
    return { outcome: 'changed', message: `synced ${nodes.length} nodes to Nautobot`, details: summary };
  } catch (error) {
    throw syncStepError(error, 'resync Ironic to Nautobot');
  }
}
