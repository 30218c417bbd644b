import { collect, collectFromBothEnds, type PageParser } from '../../clients/http/index.js';
import { type BaremetalClient, type BaremetalPort, withStepErrors } from '../../clients/openstack/index.js';
import {
  IRONIC_NODE_STATE,
  IRONIC_PORT_STATE,
  type IronicNodeLike,
  type IronicPortLike,
} from '../../sync/ironic-to-nautobot.js';

/** What the sync reads from Ironic. */
const NODE_FIELDS = ['uuid', 'name', 'provision_state', 'properties', 'extra'] as const;
const PORT_FIELDS = ['uuid', 'address', 'node_uuid', 'extra'] as const;

/**
 * Every node, with only the fields the sync maps, read from both ends of the listing at once (a marker chain is
 * sequential, so this halves the longest chain of requests of a resync), and of each node only what the mapping
 * reads, its pages parsed by `parser` (off this thread).
 */
export function listNodes(ironic: BaremetalClient, pageSize: number, parser?: PageParser): Promise<IronicNodeLike[]> {
  const projected = { projection: IRONIC_NODE_STATE, parser };
  return withStepErrors('list Ironic nodes', () =>
    collectFromBothEnds(
      (sortDir, signal) => ironic.nodePages({ pageSize, fields: NODE_FIELDS, sortDir, signal, projected }),
      (node) => node.uuid,
      pageSize,
    ),
  );
}

/** Every port, with only the fields the sync maps, read from both ends of the listing at once (as listNodes). */
export function listPorts(ironic: BaremetalClient, pageSize: number, parser?: PageParser): Promise<IronicPortLike[]> {
  const projected = { projection: IRONIC_PORT_STATE, parser };
  return withStepErrors('list Ironic ports', () =>
    collectFromBothEnds(
      (sortDir, signal) => ironic.portPages({ pageSize, fields: PORT_FIELDS, sortDir, signal, projected }),
      (port) => port.uuid,
      pageSize,
    ),
  );
}

/** A node's ports (a few: one page), with only the fields the sync maps. */
export function listNodePorts(ironic: BaremetalClient, node: string): Promise<BaremetalPort[]> {
  return withStepErrors('list Ironic ports', () =>
    collect(ironic.ports({ pageSize: 1000, node, fields: PORT_FIELDS })),
  );
}
