import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { collect, mapLimit, paginate, toStepError } from '../../../clients/http/index.js';
import type { KubernetesClient } from '../../../clients/kubernetes/client.js';
import {
  type LabelSelector,
  type List,
  objectPath,
  type Pod,
  type Workload,
} from '../../../clients/kubernetes/resources.js';
import { PreconditionError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { PodLogsInput } from '../inputs/pod-logs.js';
import { connectCluster } from './cluster.js';

const LOG_CONCURRENCY = 8;

export async function run(input: PodLogsInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  const pods = await podsOf(client, input);
  const wanted = pods.flatMap((pod) =>
    (input.container
      ? [input.container]
      : [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name)
    ).map((container) => ({ pod, container })),
  );
  // A few requests at a time: a DaemonSet on a large cluster has hundreds of pods; the file keeps their order.
  const logs = await mapLimit(wanted, LOG_CONCURRENCY, ({ pod, container }) =>
    containerLog(client, pod, container, input),
  );
  const file = createWriteStream(ctx.outputPath('logs'));
  const sections = wanted.map(({ pod, container }, i) => {
    const { text, error } = logs[i]!;
    file.write(`==> pod/${pod.metadata.name} container/${container}${input.previous ? ' (previous)' : ''} <==\n`);
    file.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
    return { pod: pod.metadata.name, container, bytes: Buffer.byteLength(text), ...(error ? { error } : {}) };
  });
  file.end();
  await finished(file);
  const failed = sections.filter((s) => s.error !== undefined).length;
  return {
    outcome: 'unchanged',
    message: `collected logs of ${sections.length - failed} container(s) in ${pods.length} pod(s) of ${input.kind} ${input.namespace}/${input.name}${failed ? ` (${failed} unavailable)` : ''}`,
    details: { sections },
  };
}

/** The pod itself, or the pods its workload selects now. */
async function podsOf(client: KubernetesClient, input: PodLogsInput): Promise<Pod[]> {
  const label = `${input.kind} ${input.namespace}/${input.name}`;
  if (input.kind === 'Pod') {
    return [await client.get<Pod>(`read ${label}`, objectPath('Pod', input.namespace, input.name))];
  }
  const workload = await client.get<Workload>(`read ${label}`, objectPath(input.kind, input.namespace, input.name));
  const selector = workload.spec.selector;
  if (!selector?.matchLabels && !selector?.matchExpressions) {
    throw new PreconditionError(`${label} has no spec.selector to find its pods by`);
  }
  const what = `list pods of ${label}`;
  try {
    return await collect(
      paginate<List<Pod>, Pod>(
        client.http,
        { path: objectPath('Pod', input.namespace), query: { labelSelector: selectorString(selector), limit: 100 } },
        {
          items: (res) => res.data.items,
          next: (res, request) =>
            res.data.metadata.continue
              ? { ...request, query: { ...request.query, continue: res.data.metadata.continue } }
              : undefined,
        },
      ),
    );
  } catch (error) {
    throw toStepError(error, what);
  }
}

/** A LabelSelector as the `labelSelector` query syntax. */
export function selectorString(selector: LabelSelector): string {
  const equal = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  const sets = (selector.matchExpressions ?? []).map(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return `${key} in (${values.join(',')})`;
      case 'NotIn':
        return `${key} notin (${values.join(',')})`;
      case 'Exists':
        return key;
      case 'DoesNotExist':
        return `!${key}`;
      default:
        throw new PreconditionError(`unknown label selector operator ${JSON.stringify(operator)} on key ${key}`);
    }
  });
  return [...equal, ...sets].join(',');
}

/**
 * One container's log. A container without logs to give (no previous instance, not started yet, its pod gone since
 * the listing) becomes a note in the file instead of failing the whole collection.
 */
async function containerLog(
  client: KubernetesClient,
  pod: Pod,
  container: string,
  input: PodLogsInput,
): Promise<{ text: string; error?: string }> {
  const res = await client.call<string | undefined>(`read logs of ${pod.metadata.name}/${container}`, {
    path: `${objectPath('Pod', input.namespace, pod.metadata.name)}/log`,
    query: {
      container,
      previous: input.previous || undefined,
      tailLines: input.tailLines,
      sinceSeconds: input.sinceSeconds,
    },
    headers: { accept: 'text/plain, */*' },
    expect: [400, 404],
  });
  if (res.status === 200) return { text: typeof res.data === 'string' ? res.data : '' };
  const reason = (res.data as { message?: string } | undefined)?.message ?? `status ${res.status}`;
  return { text: `(no logs: ${reason})\n`, error: reason };
}
