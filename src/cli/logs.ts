import type { ArgoClient, NodeStatus, Workflow } from '../clients/argo/index.js';
import type { CliIo } from './io.js';
import type { OutputFormat } from './output.js';

/** One log line as `logs -o json|yaml` prints it: the pod, the run's node that pod ran, the kubelet's time, the line. */
export interface LogLine {
  readonly pod: string;
  readonly node: string;
  readonly time?: string;
  readonly content: string;
}

/**
 * The step logs of a run (GET /api/v1/workflows/{ns}/{name}/log, container `main`); with `follow` the stream stays
 * open until the run ends (logOptions.follow). A table is one `pod: line` per entry; JSON is one object per line and
 * YAML one document per entry, printed as each arrives. For those, `logOptions.timestamps` makes Argo Server keep the
 * kubelet's RFC 3339 time in front of the content (argo-workflows v4.1.2 util/logs/workflow-logger.go, as
 * `kubectl logs --timestamps`), which is split off here.
 */
export async function printLogs(
  argo: ArgoClient,
  namespace: string,
  name: string,
  follow: boolean,
  io: CliIo,
  format: OutputFormat = 'table',
): Promise<void> {
  const structured = format !== 'table';
  const stream = argo.stream('/api/v1/workflows/{namespace}/{name}/log', {
    path: { namespace, name },
    query: {
      'logOptions.container': 'main',
      ...(follow ? { 'logOptions.follow': true } : {}),
      ...(structured ? { 'logOptions.timestamps': true } : {}),
    },
  });
  const nodes = structured ? new PodNodes(argo, namespace, name) : undefined;
  const stringify = format === 'yaml' ? (await import('./yaml.js')).stringify : undefined;
  for await (const entry of stream) {
    const pod = entry.podName ?? '';
    if (!nodes) {
      io.stdout.write(`${pod}: ${entry.content ?? ''}\n`);
      continue;
    }
    const line: LogLine = { pod, node: await nodes.of(pod), ...splitTimestamp(entry.content ?? '') };
    io.stdout.write(stringify ? `---\n${stringify(line)}` : `${JSON.stringify(line)}\n`);
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `<time> <content>`; a line without a time (an old kubelet) is all content, as Argo Server treats it. */
function splitTimestamp(text: string): { time?: string; content: string } {
  const space = text.indexOf(' ');
  const time = space < 0 ? text : text.slice(0, space);
  return RFC3339.test(time) ? { time, content: space < 0 ? '' : text.slice(space + 1) } : { content: text };
}

/** Pod name -> the node's display name, from the run's nodes; read again when a pod appears that was not there. */
class PodNodes {
  private names = new Map<string, string>();
  private read?: Promise<void>;

  constructor(
    private readonly argo: ArgoClient,
    private readonly namespace: string,
    private readonly name: string,
  ) {}

  async of(pod: string): Promise<string> {
    if (!this.names.has(pod)) {
      this.read ??= this.refresh().finally(() => (this.read = undefined));
      await this.read;
    }
    return this.names.get(pod) ?? '';
  }

  private async refresh(): Promise<void> {
    const workflow = await this.argo.call('get', '/api/v1/workflows/{namespace}/{name}', {
      path: { namespace: this.namespace, name: this.name },
    });
    for (const node of Object.values(workflow.status?.nodes ?? {})) {
      if (node.type === 'Pod') this.names.set(podName(workflow, node), node.displayName ?? node.name);
    }
  }
}

/**
 * The name of a Pod node's pod, as the controller generates it (argo-workflows v4.1.2 workflow/util/pod_name.go
 * GeneratePodName, the UI's ui/src/shared/pod-name.ts likewise): the node id for pod names v1 (the
 * `workflows.argoproj.io/pod-name-format` annotation), else `<workflow>-<template>-<FNV-1a 32 of the node name>`.
 */
export function podName(workflow: Workflow, node: NodeStatus): string {
  const workflowName = workflow.metadata.name ?? '';
  if (workflow.metadata.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1') return node.id;
  if (node.name === workflowName) return workflowName;
  const template = node.templateName || node.templateRef?.template;
  const prefix = template ? `${workflowName}-${template}` : workflowName;
  return `${prefix.slice(0, 242)}-${fnv1a32(node.name)}`;
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}
