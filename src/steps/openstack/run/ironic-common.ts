import {
  BaremetalClient,
  type BaremetalNode,
  nodeLabel,
  type OpenStackCloud,
  type WaitCheck,
  withStepErrors,
} from '../../../clients/openstack/index.js';
import type { StepContext } from '../../runtime/step.js';
import { connectService, type Waiting, waitInStep } from './common.js';

/**
 * The Ironic client of a step: on `cloud`, by default the cloud from the environment, NodeLocked retries logged as
 * step events and cut short when the step is stopped.
 */
export function connectIronic(ctx: StepContext, cloud?: OpenStackCloud): Promise<BaremetalClient> {
  return connectService(
    ctx,
    'Ironic',
    (on) =>
      BaremetalClient.connect(on, {
        onRetry: (info) => ctx.log.warn('node-locked-retry', { ...info }),
        onAnswerLost: (info) => ctx.log.warn('answer-lost', { ...info }),
        signal: ctx.signal,
      }),
    cloud,
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
  waiting: Waiting,
  ctx: StepContext,
): Promise<BaremetalNode> {
  return waitInStep(`node ${nodeLabel(node)} to ${what}`, () => readNode(ironic, node.uuid), check, waiting, ctx);
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
