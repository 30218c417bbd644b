import { collect, collectFromBothEnds } from '../../../clients/http/index.js';
import { type BaremetalClient, type BaremetalPort, withStepErrors } from '../../../clients/openstack/index.js';
import { type NodeDevice, nodeDevice, type PortInterface, portInterface } from '../../../sync/ironic-to-nautobot.js';

/** What the sync reads from Ironic. */
export const NODE_FIELDS = ['uuid', 'name', 'provision_state', 'properties', 'extra'] as const;
const PORT_FIELDS = ['uuid', 'address', 'node_uuid', 'extra'] as const;

/**
 * Every node's desired device (its interfaces still to attach), with only the fields the sync maps, read from both
 * ends of the listing at once: a marker chain is sequential, so this halves the longest chain of requests of a resync.
 * Each page is mapped as it arrives, while the walks wait for their next pages.
 */
export function listNodeDevices(ironic: BaremetalClient, pageSize: number): Promise<NodeDevice[]> {
  return withStepErrors('list Ironic nodes', () =>
    collectFromBothEnds(
      (sortDir, signal) => ironic.nodePages({ pageSize, fields: NODE_FIELDS, sortDir, signal }),
      (node) => node.uuid,
      pageSize,
      nodeDevice,
    ),
  );
}

/** Every port's desired interface, read and mapped as listNodeDevices reads and maps the nodes. */
export function listPortInterfaces(ironic: BaremetalClient, pageSize: number): Promise<PortInterface[]> {
  return withStepErrors('list Ironic ports', () =>
    collectFromBothEnds(
      (sortDir, signal) => ironic.portPages({ pageSize, fields: PORT_FIELDS, sortDir, signal }),
      (port) => port.uuid,
      pageSize,
      portInterface,
    ),
  );
}

/** A node's ports (a few: one page), with only the fields the sync maps. */
export function listNodePorts(ironic: BaremetalClient, node: string): Promise<BaremetalPort[]> {
  return withStepErrors('list Ironic ports', () =>
    collect(ironic.ports({ pageSize: 1000, node, fields: PORT_FIELDS })),
  );
}
