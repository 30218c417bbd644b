import {
  BaremetalClient,
  type BaremetalNode,
  OpenStackCloud,
  type WaitCheck,
  waitFor,
  withStepErrors,
} from '../../clients/openstack/index.js';
import type { StepContext } from '../runtime/step.js';

/**
 * The Ironic client of a step: on `cloud`, by default the cloud from the environment, NodeLocked retries logged as
 * step events.
 */
export async function connectIronic(ctx: StepContext, cloud?: OpenStackCloud): Promise<BaremetalClient> {
  cloud ??= await OpenStackCloud.fromStepContext(ctx);
  return withStepErrors('connect to Ironic', () =>
    BaremetalClient.connect(cloud, { onRetry: (info) => ctx.log.warn('node-locked-retry', { ...info }) }),
  );
}

export function readNode(ironic: BaremetalClient, ident: string): Promise<BaremetalNode> {
  return withStepErrors(`read node ${ident}`, () => ironic.node(ident));
}

/** Polls the node until `check` is satisfied, with the step's timeout, interval, logs and cancellation. */
export function waitForNode(
  ironic: BaremetalClient,
  node: BaremetalNode,
  what: string,
  check: (node: BaremetalNode) => WaitCheck,
  input: { readonly timeoutSeconds: number; readonly pollIntervalSeconds: number },
  ctx: StepContext,
): Promise<BaremetalNode> {
  return waitFor({
    what: `node ${nodeLabel(node)} to ${what}`,
    poll: () => readNode(ironic, node.uuid),
    check,
    timeoutMs: input.timeoutSeconds * 1000,
    intervalMs: input.pollIntervalSeconds * 1000,
    log: ctx.log,
    signal: ctx.signal,
  });
}

export function nodeLabel(node: BaremetalNode): string {
  return node.name ?? node.uuid;
}

/** The node fields a step reports. */
export function nodeSummary(node: BaremetalNode): Record<string, unknown> {
  return {
    uuid: node.uuid,
    name: node.name,
    provisionState: node.provision_state,
    powerState: node.power_state,
    maintenance: node.maintenance,
    ...(node.maintenance_reason ? { maintenanceReason: node.maintenance_reason } : {}),
    ...(node.last_error ? { lastError: node.last_error } : {}),
  };
}
