import { collect } from '../../clients/http/index.js';
import {
  type BaremetalClient,
  type BaremetalNode,
  type BaremetalPort,
  withStepErrors,
} from '../../clients/openstack/index.js';

/** What the sync reads from Ironic. */
export const NODE_FIELDS = ['uuid', 'name', 'provision_state', 'properties', 'extra'] as const;
const PORT_FIELDS = ['uuid', 'address', 'node_uuid', 'extra'] as const;

/** Every node, with only the fields the sync maps. */
export function listNodes(ironic: BaremetalClient, pageSize: number): Promise<BaremetalNode[]> {
  return withStepErrors('list Ironic nodes', () => collect(ironic.nodes({ pageSize, fields: NODE_FIELDS })));
}

/** Every port (or a node's ports), with only the fields the sync maps. */
export function listPorts(
  ironic: BaremetalClient,
  options: { pageSize: number; node?: string },
): Promise<BaremetalPort[]> {
  return withStepErrors('list Ironic ports', () => collect(ironic.ports({ ...options, fields: PORT_FIELDS })));
}
