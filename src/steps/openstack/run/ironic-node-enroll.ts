import { HttpError } from '../../../clients/http/index.js';
import {
  type BaremetalClient,
  type BaremetalNode,
  nodeLabel,
  withStepErrors,
} from '../../../clients/openstack/index.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { NodeEnrollInput } from '../inputs/ironic-node-enroll.js';
import { connectIronic, nodeSummary } from './ironic-common.js';

/** The BMC password: `BMC_PASSWORD`, or the file `BMC_PASSWORD_FILE` names (the mounted secret); never an input. */
const PASSWORD = 'BMC_PASSWORD';

export async function run(input: NodeEnrollInput, ctx: StepContext): Promise<StepResult> {
  const ironic = await connectIronic(ctx);
  const existing = await findNode(ironic, input.name);
  if (existing) checkMatches(existing, input);
  // Every MAC is checked before anything is created, so a refused run changes nothing.
  const missing = await missingPorts(ironic, input.macs, existing);
  const password = existing ? undefined : await ctx.secret(PASSWORD);
  if (!existing && !password) {
    throw new PreconditionError(
      `creating node ${input.name} needs the BMC password: set ${PASSWORD}_FILE (the mounted secret) or ${PASSWORD}`,
    );
  }
  const plan = { createNode: !existing, createPorts: missing };
  if (existing && missing.length === 0) {
    await ctx.output('nodeUuid', existing.uuid);
    return {
      outcome: 'unchanged',
      message: `node ${input.name} is enrolled with its ${input.macs.length} port(s)`,
      details: nodeSummary(existing),
    };
  }
  const nodeChange = existing ? `reuse node ${input.name}` : `create node ${input.name} (${input.driver})`;
  const portChange = `port(s) ${missing.join(', ')}`;
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `would ${nodeChange}, create ${portChange}`,
      details: { ...(existing && nodeSummary(existing)), plan },
    };
  }
  const node =
    existing ??
    (await withStepErrors(`create node ${input.name}`, () =>
      ironic.createNode({
        name: input.name,
        driver: input.driver,
        driver_info: {
          [`${input.bmcProtocol}_address`]: input.bmcAddress,
          [`${input.bmcProtocol}_username`]: input.bmcUsername,
          [`${input.bmcProtocol}_password`]: password,
        },
        ...(input.resourceClass ? { resource_class: input.resourceClass } : {}),
        ...(input.properties ? { properties: input.properties } : {}),
      }),
    ));
  // The node exists from here on: its uuid is an output even when a port fails, so a rerun finds it by name.
  await ctx.output('nodeUuid', node.uuid);
  for (const address of missing) {
    await withStepErrors(`create port ${address} of node ${input.name}`, () =>
      ironic.createPort({ node_uuid: node.uuid, address }),
    );
    ctx.log.info('port-created', { node: input.name, address });
  }
  return {
    outcome: 'changed',
    message: `${existing ? `reused node ${input.name}` : `created node ${input.name} (${input.driver})`}, created ${portChange}`,
    details: { ...nodeSummary(node), plan },
  };
}

async function findNode(ironic: BaremetalClient, name: string): Promise<BaremetalNode | undefined> {
  return withStepErrors(`read node ${name}`, async () => {
    try {
      return await ironic.node(name);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
  });
}

/** A node of that name enrolled for another server is refused, naming the field that differs. */
function checkMatches(node: BaremetalNode, input: NodeEnrollInput): void {
  const addressField = `${input.bmcProtocol}_address`;
  const differences = [
    ...(node.driver !== input.driver ? [`driver is "${node.driver}", not "${input.driver}"`] : []),
    ...(node.driver_info?.[addressField] !== input.bmcAddress
      ? [`driver_info.${addressField} is "${node.driver_info?.[addressField] ?? ''}", not "${input.bmcAddress}"`]
      : []),
  ];
  if (differences.length > 0) {
    throw new PreconditionError(
      `node ${nodeLabel(node)} exists but is not this server: ${differences.join('; ')}; fix the input or the node`,
    );
  }
}

/** The MACs without a port; one that is a port of another node is refused. */
async function missingPorts(
  ironic: BaremetalClient,
  macs: readonly string[],
  node: BaremetalNode | undefined,
): Promise<string[]> {
  const missing: string[] = [];
  for (const address of macs) {
    const [port] = await withStepErrors(`look up port ${address}`, async () => {
      const found = [];
      for await (const p of ironic.ports({ address, fields: ['address', 'node_uuid'] })) found.push(p);
      return found;
    });
    if (!port) missing.push(address);
    else if (port.node_uuid !== node?.uuid) {
      throw new PreconditionError(`MAC address ${address} is already a port of node ${port.node_uuid}`);
    }
  }
  return missing;
}
