import { KubernetesClient } from '../../../clients/kubernetes/client.js';
import { loadClusterConfig } from '../../../clients/kubernetes/cluster-config.js';
import { InvalidInputError } from '../../runtime/errors.js';
import type { StepContext } from '../../runtime/step.js';
import { DEFAULT_POLL_INTERVAL_MS, type WaitOptions } from '../../runtime/wait.js';

/**
 * The client of the cluster a step names, with retries logged as step events. Two optional knobs from the
 * environment: `OPSFLOW_KUBERNETES_TIMEOUT_MS` (per request, default 30000) and `OPSFLOW_KUBERNETES_POLL_INTERVAL_MS`
 * (how often waits look, default 2000).
 */
export async function connectCluster(cluster: string, ctx: StepContext): Promise<KubernetesClient> {
  return new KubernetesClient(cluster, loadClusterConfig(cluster, ctx.env), {
    timeoutMs: positiveInteger(ctx, 'OPSFLOW_KUBERNETES_TIMEOUT_MS', 30_000),
    onRetry: (info) => ctx.log.warn('retry', { ...info }),
    signal: ctx.signal,
  });
}

/** A cluster step's wait (waitFor) for `what`, up to `timeoutSeconds`, looking every poll interval. */
export function clusterWait(ctx: StepContext, what: string, timeoutSeconds: number): WaitOptions {
  return {
    what,
    timeoutMs: timeoutSeconds * 1000,
    intervalMs: positiveInteger(ctx, 'OPSFLOW_KUBERNETES_POLL_INTERVAL_MS', DEFAULT_POLL_INTERVAL_MS),
    log: ctx.log,
    signal: ctx.signal,
  };
}

function positiveInteger(ctx: StepContext, name: string, fallback: number): number {
  const raw = ctx.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new InvalidInputError(`${name} must be a positive number of milliseconds, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}
