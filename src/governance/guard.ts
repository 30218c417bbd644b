/**
 * The run-limit guard: records a run in a ConfigMap per caller and action (and one per action for the overall
 * limit) and refuses it when the window is full. Counting is a compare-and-swap on the ConfigMap: each write
 * carries the resourceVersion it read, the API server refuses a stale one with 409 Conflict, and the guard reads
 * again. So of 20 runs started at once against a limit of 3, exactly 3 are recorded.
 */
import { createHash } from 'node:crypto';
import { HttpError, toStepError } from '../clients/http/index.js';
import type { KubernetesClient } from '../clients/kubernetes/client.js';
import { ExitCode, PreconditionError, StepError } from '../steps/runtime/errors.js';
import type { RunLimit } from './role.js';

/** The caller of the overall limit's object. */
const EVERYONE = '*';
/** Conflicts a run tolerates before giving up (exit 75, retried by the template). */
const MAX_CONFLICTS = 50;

export interface GuardRequest {
  /** Who started the run: the `workflows.argoproj.io/creator` label, or the automation's name. */
  readonly caller: string;
  readonly action: string;
  /** The Workflow's name: a retried guard finds its own record and does not count twice. */
  readonly workflow: string;
  readonly perCaller?: RunLimit;
  readonly overall?: RunLimit;
  readonly now: Date;
  /** Check the limits, record nothing: a dry run of the action does not use up a window. */
  readonly dryRun?: boolean;
}

interface Recorded {
  readonly workflow: string;
  readonly at: string;
}

interface RunsConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: { runs?: string };
}

/** Seconds of a window such as `1h`, `30m`, `90s`. */
export function windowSeconds(window: string): number {
  const [, amount, unit] = /^(\d+)(s|m|h)$/.exec(window) ?? [];
  if (!amount) throw new Error(`not a window: ${window}`);
  return Number(amount) * { s: 1, m: 60, h: 3600 }[unit as 's' | 'm' | 'h'];
}

/** Records the run against each limit, or throws (exit 3) naming the caller, action, count, window and next slot. */
export async function recordRun(kube: KubernetesClient, namespace: string, request: GuardRequest): Promise<void> {
  const taken: string[] = [];
  try {
    if (request.perCaller) {
      await takeSlot(kube, namespace, request, request.caller, request.perCaller);
      taken.push(request.caller);
    }
    if (request.overall) await takeSlot(kube, namespace, request, EVERYONE, request.overall);
  } catch (error) {
    // A run refused by the overall limit did not start: it must not use up the caller's own window.
    for (const caller of taken) await releaseSlot(kube, namespace, request, caller);
    throw error;
  }
}

/** Name of the ConfigMap of one caller and action: hashed, since a creator label may hold `_` or capitals. */
export function runsConfigMapName(action: string, caller: string): string {
  const digest = createHash('sha256').update(`${action}\0${caller}`).digest('hex').slice(0, 16);
  return `opsflow-runs-${action.slice(0, 32)}-${digest}`;
}

async function takeSlot(
  kube: KubernetesClient,
  namespace: string,
  request: GuardRequest,
  caller: string,
  limit: RunLimit,
): Promise<void> {
  const seconds = windowSeconds(limit.window);
  const since = request.now.getTime() - seconds * 1000;
  await compareAndSwap(kube, namespace, request, caller, (runs) => {
    const recent = runs.filter((run) => Date.parse(run.at) > since);
    if (recent.some((run) => run.workflow === request.workflow)) return recent;
    if (recent.length >= limit.runs) {
      const oldest = Math.min(...recent.map((run) => Date.parse(run.at)));
      throw new PreconditionError(refusal(request, caller, recent.length, limit, new Date(oldest + seconds * 1000)));
    }
    return [...recent, { workflow: request.workflow, at: request.now.toISOString() }];
  });
}

async function releaseSlot(kube: KubernetesClient, namespace: string, request: GuardRequest, caller: string) {
  await compareAndSwap(kube, namespace, request, caller, (runs) =>
    runs.filter((run) => run.workflow !== request.workflow),
  );
}

function refusal(request: GuardRequest, caller: string, count: number, limit: RunLimit, next: Date): string {
  const who = caller === EVERYONE ? 'all callers together have' : `${caller} has`;
  return `run limit: ${who} started ${count} runs of ${request.action} in the last ${limit.window} (limit ${limit.runs}); the next run is allowed at ${next.toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

/** Read, change, write with the read resourceVersion; on 409 (someone wrote in between) read again. */
async function compareAndSwap(
  kube: KubernetesClient,
  namespace: string,
  { action, dryRun }: Pick<GuardRequest, 'action' | 'dryRun'>,
  caller: string,
  change: (runs: readonly Recorded[]) => readonly Recorded[],
): Promise<void> {
  const name = runsConfigMapName(action, caller);
  const collection = `/api/v1/namespaces/${namespace}/configmaps`;
  for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
    const current = await read(kube, `${collection}/${name}`);
    const runs = change(current ? (JSON.parse(current.data?.runs ?? '[]') as Recorded[]) : []);
    if (dryRun) return;
    const body: RunsConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...(current?.metadata ?? {}),
        name,
        labels: { 'opsflow.io/runs-of': action },
        annotations: { 'opsflow.io/caller': caller },
      },
      data: { runs: JSON.stringify(runs) },
    };
    const write = current
      ? { method: 'PUT' as const, path: `${collection}/${name}`, json: body }
      : { method: 'POST' as const, path: collection, json: body };
    try {
      await kube.http.request(write);
      return;
    } catch (error) {
      // 409: Conflict on a stale resourceVersion, AlreadyExists when another run created it first.
      if (error instanceof HttpError && error.status === 409) continue;
      throw toStepError(error, `record the run of ${action} in ConfigMap ${name}`);
    }
  }
  throw new StepError(`run limit: ConfigMap ${name} kept changing (${MAX_CONFLICTS} conflicts)`, ExitCode.Transient);
}

async function read(kube: KubernetesClient, path: string): Promise<RunsConfigMap | undefined> {
  try {
    return (await kube.http.request<RunsConfigMap>({ method: 'GET', path })).data;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return undefined;
    throw toStepError(error, `read ${path}`);
  }
}
