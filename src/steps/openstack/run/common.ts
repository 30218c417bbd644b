import { OpenStackCloud, type WaitCheck, waitFor, withStepErrors } from '../../../clients/openstack/index.js';
import type { StepContext } from '../../runtime/step.js';

/**
 * A service client of a step, connected on `cloud` (by default the cloud from the step's environment); a failure to
 * connect is a step error that names the service.
 */
export async function connectService<T>(
  ctx: StepContext,
  service: string,
  connect: (cloud: OpenStackCloud) => Promise<T>,
  cloud?: OpenStackCloud,
): Promise<T> {
  const on = cloud ?? (await OpenStackCloud.fromStepContext(ctx));
  return withStepErrors(`connect to ${service}`, () => connect(on));
}

/** How long a step waits for an outcome, and how often it polls (its `timeoutSeconds` and `pollIntervalSeconds`). */
export interface Waiting {
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
}

/** Polls until `check` is satisfied, with the step's timeout, interval, logs and cancellation. */
export function waitInStep<S>(
  what: string,
  poll: () => Promise<S>,
  check: (state: S) => WaitCheck,
  waiting: Waiting,
  ctx: StepContext,
): Promise<S> {
  return waitFor({
    what,
    poll,
    check,
    timeoutMs: waiting.timeoutSeconds * 1000,
    intervalMs: waiting.pollIntervalSeconds * 1000,
    log: ctx.log,
    signal: ctx.signal,
  });
}
