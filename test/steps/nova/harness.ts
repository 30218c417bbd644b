import { steps } from '../../../src/steps/openstack/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { type FakeKeystone, startFakeKeystone } from '../../fakes/keystone/server.js';
import { type FakeNova, startFakeNova } from '../../fakes/nova/server.js';
import { runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);

export interface NovaWorld {
  readonly keystone: FakeKeystone;
  readonly nova: FakeNova;
  readonly env: Record<string, string>;
  /** Runs a step; `env` adds to Keystone's (e.g. ARGO_WORKFLOW_NAME). */
  run(argv: readonly string[], env?: Record<string, string>): ReturnType<typeof runCli>;
  close(): Promise<void>;
}

/** Fake Keystone whose catalog has the fake Nova as `compute`; steps run through `opsflow-step` in-process. */
export async function startNovaWorld(options: { maxVersion?: string; transitionMs?: number } = {}): Promise<NovaWorld> {
  const services: Record<string, string> = {};
  const keystone = await startFakeKeystone(services);
  const nova = await startFakeNova({ isValidToken: keystone.isValid, ...options });
  services.compute = nova.endpoint;
  return {
    keystone,
    nova,
    env: keystone.env,
    run: (argv, env = {}) => runCli(catalog, argv, { env: { ...keystone.env, ...env } }),
    close: async () => {
      await Promise.all([keystone.close(), nova.close()]);
    },
  };
}

/** Requests that change something (everything but GET). */
export function novaWrites(nova: FakeNova): { method: string; url: string; body: unknown; version: unknown }[] {
  return nova.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => ({
      method: r.method,
      url: r.url,
      body: r.body ? JSON.parse(r.body) : undefined,
      version: r.headers['openstack-api-version'],
    }));
}
