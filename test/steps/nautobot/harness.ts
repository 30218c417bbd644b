import { steps } from '../../../src/steps/nautobot/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { type FakeIronic, type FakeIronicNode, startFakeIronic } from '../../fakes/ironic/server.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';
import { type FakeNautobot, startFakeNautobot } from '../../fakes/nautobot/server.js';
import { runCli } from '../runtime/harness.js';

export const catalog = catalogFromSteps(steps);

export interface SyncWorld {
  readonly keystone: FakeKeystone;
  readonly ironic: FakeIronic;
  readonly nautobot: FakeNautobot;
  /** Keystone projects served at /v3/projects/{id} by the identity fake. */
  readonly env: Record<string, string>;
  run(argv: readonly string[]): ReturnType<typeof runCli>;
  close(): Promise<void>;
}

/** Fake Keystone (whose catalog points at the fake Ironic), fake Ironic and fake Nautobot, on 127.0.0.1. */
export async function startSyncWorld(options: { latencyMs?: number } = {}): Promise<SyncWorld> {
  const services: Record<string, string> = {};
  const keystone = await startFakeKeystone(services, options);
  const ironic = await startFakeIronic({ ...options, isValidToken: keystone.isValid });
  const nautobot = await startFakeNautobot(options);
  services.baremetal = ironic.url;
  const env = {
    ...keystone.env,
    NAUTOBOT_URL: nautobot.url,
    NAUTOBOT_TOKEN: nautobot.token,
  };
  return {
    keystone,
    ironic,
    nautobot,
    env,
    run: (argv) => runCli(catalog, argv, { env }),
    close: async () => {
      await Promise.all([keystone.close(), ironic.close(), nautobot.close()]);
    },
  };
}

export function addNode(
  ironic: FakeIronic,
  node: Partial<FakeIronicNode> & { uuid: string },
  macs: string[] = [],
): void {
  ironic.nodes.set(node.uuid, {
    name: null,
    provision_state: 'active',
    properties: { serial: `SN-${node.uuid.slice(0, 4)}` },
    extra: {},
    ...node,
  });
  macs.forEach((address, i) => {
    const uuid = `${String(i + 1).padStart(8, '0')}${node.uuid.slice(8)}`;
    ironic.ports.set(uuid, { uuid, address, node_uuid: node.uuid, extra: { interface_name: `eth${i}` } });
  });
}

export const NEW_DEVICE_FLAGS = ['--role', 'server', '--device-type', 'PowerEdge R650', '--location', 'dc1'];
