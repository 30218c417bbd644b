import { paginate } from '../../clients/http/index.js';
import {
  BaremetalClient,
  type BaremetalNode,
  CloudConfigError,
  OpenStackCloud,
  withStepErrors,
} from '../../clients/openstack/index.js';
import type { IronicNodeLike, IronicPortLike } from '../../sync/ironic-to-nautobot.js';
import { PreconditionError } from '../runtime/errors.js';
import type { StepContext } from '../runtime/step.js';

/**
 * What the sync reads from Ironic. Ports are listed here, on the baremetal client's endpoint and microversion,
 * because BaremetalClient has no port listing yet (it belongs there).
 */
export const NODE_FIELDS = ['uuid', 'name', 'provision_state', 'properties', 'extra'] as const;
const PORT_FIELDS = ['uuid', 'address', 'node_uuid', 'extra'];

export type SyncNode = BaremetalNode & IronicNodeLike;

/**
 * The cloud of a step, like `OpenStackCloud.fromStepContext`, but with the given `fetch` (a concurrency limit
 * shared with the Nautobot client).
 */
export async function connectCloud(ctx: StepContext, fetchImpl?: typeof fetch): Promise<OpenStackCloud> {
  const [password, applicationCredentialSecret] = await Promise.all([
    ctx.secret('OS_PASSWORD'),
    ctx.secret('OS_APPLICATION_CREDENTIAL_SECRET'),
  ]);
  try {
    return OpenStackCloud.fromEnv(
      { env: ctx.env, secrets: { password, applicationCredentialSecret } },
      { fetch: fetchImpl, onRetry: (info) => ctx.log.warn('http-retry', { ...info }) },
    );
  } catch (error) {
    if (error instanceof CloudConfigError) throw new PreconditionError(error.message, { cause: error });
    throw error;
  }
}

export function connectBaremetal(cloud: OpenStackCloud, ctx: StepContext): Promise<BaremetalClient> {
  return withStepErrors('connect to Ironic', () =>
    BaremetalClient.connect(cloud, { onRetry: (info) => ctx.log.warn('node-locked-retry', { ...info }) }),
  );
}

/** Every node, with only the fields the sync maps. */
export async function listNodes(ironic: BaremetalClient, pageSize: number): Promise<SyncNode[]> {
  return withStepErrors('list Ironic nodes', async () => {
    const nodes: SyncNode[] = [];
    for await (const node of ironic.nodes({ pageSize, fields: NODE_FIELDS })) nodes.push(node as SyncNode);
    return nodes;
  });
}

/** Every port (or a node's ports), `pageSize` per request, following Ironic's `next` links. */
export async function listPorts(
  ironic: BaremetalClient,
  options: { pageSize: number; node?: string },
): Promise<IronicPortLike[]> {
  return withStepErrors('list Ironic ports', async () => {
    const http = await ironic.cloud.serviceHttp('baremetal', {
      headers: { 'x-openstack-ironic-api-version': ironic.microversion },
    });
    const ports: IronicPortLike[] = [];
    const pages = paginate<{ ports: IronicPortLike[]; next?: string }, IronicPortLike>(
      http,
      { path: 'v1/ports', query: { limit: options.pageSize, fields: PORT_FIELDS.join(','), node: options.node } },
      { items: (res) => res.data.ports, next: (res) => (res.data.next ? { path: res.data.next } : undefined) },
    );
    for await (const port of pages) ports.push(port);
    return ports;
  });
}
