import type { KubernetesClient } from '../../../clients/kubernetes/client.js';
import { type KubeObject, type List, objectPath } from '../../../clients/kubernetes/resources.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { PodStatusInput } from '../inputs/pod-status.js';
import { connectCluster } from './cluster.js';

/** The most recent events of the pod kept in `events`: a crash loop repeats the same few, counted. */
const MAX_EVENTS = 20;
/** `logTail` stays a small output parameter (it is kept in the Workflow status). */
const LOG_TAIL_BYTES = 4096;

type ContainerState = {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; finishedAt?: string; message?: string };
};
interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: ContainerState;
  lastState?: ContainerState;
}
interface PodWithStatus extends KubeObject {
  status?: { phase?: string; reason?: string; containerStatuses?: ContainerStatus[] };
}
interface Event extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
}

export async function run(input: PodStatusInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  const label = `Pod ${input.namespace}/${input.pod}`;
  const pod = await client.get<PodWithStatus>(`read ${label}`, objectPath('Pod', input.namespace, input.pod));
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = statuses.map((status) => ({
    name: status.name,
    ready: status.ready,
    restartCount: status.restartCount,
    state: stateText(status.state),
    lastTermination: stateText(status.lastState),
  }));
  const crashed = [...statuses].sort((a, b) => b.restartCount - a.restartCount)[0];
  const restarted = crashed && crashed.restartCount > 0 ? crashed : undefined;
  const events = await podEvents(client, input.namespace, input.pod, label);
  const logTail = restarted ? await previousLogTail(client, input, restarted.name, label) : '';

  await ctx.output('phase', pod.status?.phase ?? '');
  await ctx.output('containers', containers);
  await ctx.output('lastTermination', restarted ? `${restarted.name}: ${stateText(restarted.lastState)}` : '');
  await ctx.output('events', events.join('\n'));
  await ctx.output('logTail', logTail);
  const restarts = restarted ? `; ${restarted.name} restarted ${restarted.restartCount} times` : '';
  return {
    outcome: 'unchanged',
    message: `${label} is ${pod.status?.phase ?? 'of unknown phase'}${restarts}; ${events.length} event(s)`,
    details: { containers },
  };
}

/** `OOMKilled, exit 137`, `waiting: CrashLoopBackOff`, `running`; "" when there is no state. */
function stateText(state: ContainerState | undefined): string {
  if (state?.terminated) {
    const { reason, exitCode } = state.terminated;
    return `${reason ?? 'terminated'}, exit ${exitCode ?? '?'}`;
  }
  if (state?.waiting) return `waiting: ${state.waiting.reason ?? 'unknown'}`;
  if (state?.running) return 'running';
  return '';
}

async function podEvents(client: KubernetesClient, namespace: string, pod: string, label: string) {
  const list = await client.get<List<Event>>(`list the events of ${label}`, objectPath('Event', namespace), {
    fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}`,
  });
  const at = (event: Event) => event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? '';
  return list.items
    .sort((a, b) => at(a).localeCompare(at(b)))
    .slice(-MAX_EVENTS)
    .map((event) => `${event.type ?? 'Normal'} ${event.reason ?? ''} (x${event.count ?? 1}): ${event.message ?? ''}`);
}

/** The end of the crashed instance's log; a log the kubelet no longer has is a note, not a failed diagnosis. */
async function previousLogTail(client: KubernetesClient, input: PodStatusInput, container: string, label: string) {
  const res = await client.call<string | undefined>(`read the previous log of ${label} container ${container}`, {
    path: `${objectPath('Pod', input.namespace, input.pod)}/log`,
    query: { container, previous: true, tailLines: input.tailLines, limitBytes: LOG_TAIL_BYTES },
    headers: { accept: 'text/plain, */*' },
    expect: [400, 404],
  });
  if (res.status === 200) return (typeof res.data === 'string' ? res.data : '').slice(-LOG_TAIL_BYTES);
  return `(no previous log: ${(res.data as { message?: string } | undefined)?.message ?? `status ${res.status}`})`;
}
