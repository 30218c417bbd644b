import { randomUUID } from 'node:crypto';
import { OpenStackCloud, type OpenStackCloudOptions } from '../../src/clients/openstack/index.js';
import { steps } from '../../src/steps/openstack/index.js';
import { catalogFromSteps } from '../../src/steps/runtime/manifest.js';
import { type CliRun, runCli } from '../steps/runtime/harness.js';
import { cloudEnv } from './peers.js';

const catalog = catalogFromSteps(steps);

/** `opsflow-step openstack <argv>` in-process against the real servers, as the admin of clouds.yaml by default. */
export function openstackStep(argv: readonly string[], env: Record<string, string> = cloudEnv): Promise<CliRun> {
  return runCli(catalog, ['openstack', ...argv], { env });
}

/** The test's own view of the cloud (admin), e.g. to create fixtures or check what a step did. */
export function adminCloud(options: OpenStackCloudOptions = {}): Promise<OpenStackCloud> {
  return OpenStackCloud.fromEnv({ env: cloudEnv }, options);
}

/** A name no other test run has used (the servers keep their state between runs). */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Log lines of one event. */
export function events(run: CliRun, event: string): Record<string, unknown>[] {
  return run.logs.filter((line) => line.event === event);
}

/** A readable failure: the step's stderr is in the assertion message when the exit code is not the expected one. */
export function expectExit(run: CliRun, code: number): void {
  if (run.code !== code) {
    throw new Error(`expected exit ${code}, got ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}
