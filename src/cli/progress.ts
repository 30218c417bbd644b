import type { ArgoClient, NodeStatus, Workflow } from '../clients/argo/index.js';
import { APPROVAL_TEMPLATE } from './action-info.js';
import type { CliIo } from './io.js';
import { formatDuration } from './output.js';

const DONE = new Set(['Succeeded', 'Failed', 'Error']);
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function isDone(workflow: Workflow): boolean {
  return DONE.has(workflow.status?.phase ?? '');
}

/** Seconds between two RFC 3339 times (the end defaulting to `now`). */
export function secondsBetween(from: string | undefined, to: string | undefined, now: number): number {
  if (!from) return 0;
  return ((to ? Date.parse(to) : now) - Date.parse(from)) / 1000;
}

/**
 * Follows a run through the watch stream (GET /api/v1/workflow-events/{ns}?listOptions.fieldSelector=metadata.name=X)
 * until it ends, printing on stderr one line per node change, with the time since the run started
 * (`[  15s] run  Running`). On a TTY a spinner line shows the run's phase and elapsed time in between.
 */
export async function waitForRun(argo: ArgoClient, namespace: string, name: string, io: CliIo): Promise<Workflow> {
  const seen = new Map<string, string>();
  const spinner = io.stderr.isTTY ? startSpinner(io) : undefined;
  try {
    for (;;) {
      const stream = argo.stream('/api/v1/workflow-events/{namespace}', {
        path: { namespace },
        query: { 'listOptions.fieldSelector': `metadata.name=${name}` },
      });
      for await (const event of stream) {
        const workflow = event.object;
        if (!workflow) continue;
        for (const line of changes(workflow, seen)) {
          spinner?.clear();
          io.stderr.write(`${line}\n`);
        }
        spinner?.update(workflow);
        if (isDone(workflow)) return workflow;
      }
      // The server ends a watch after a while (its timeout): look at the run (a 404 if it was deleted), watch again.
      const workflow = await argo.call('get', '/api/v1/workflows/{namespace}/{name}', { path: { namespace, name } });
      if (isDone(workflow)) {
        for (const line of changes(workflow, seen)) io.stderr.write(`${line}\n`);
        return workflow;
      }
    }
  } finally {
    spinner?.stop();
  }
}

function changes(workflow: Workflow, seen: Map<string, string>): string[] {
  const started = workflow.status?.startedAt;
  const lines: string[] = [];
  const nodes = Object.values(workflow.status?.nodes ?? {})
    .filter((node) => node.type !== 'Steps' && node.type !== 'StepGroup' && node.type !== 'DAG')
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  for (const node of nodes) {
    const state = `${node.phase}:${node.message ?? ''}`;
    if (seen.get(node.id) === state) continue;
    seen.set(node.id, state);
    const at = node.finishedAt ?? node.startedAt;
    lines.push(
      `[${formatDuration(secondsBetween(started, at, Date.now())).padStart(6)}] ${describeNode(node, workflow)}`,
    );
  }
  const phase = workflow.status?.phase ?? 'Pending';
  if (seen.get('') !== phase) {
    seen.set('', phase);
    if (isDone(workflow)) {
      const took = formatDuration(secondsBetween(started, workflow.status?.finishedAt, Date.now()));
      const message = workflow.status?.message ? `: ${workflow.status.message}` : '';
      lines.push(`${workflow.metadata.name} ${phase} in ${took}${message}`);
    }
  }
  return lines;
}

function describeNode(node: NodeStatus, workflow: Workflow): string {
  const base = `${node.displayName ?? node.name}  ${node.phase}${node.message ? ` (${node.message})` : ''}`;
  if (node.type === 'Suspend' && node.templateName === APPROVAL_TEMPLATE && node.phase === 'Running') {
    return `${base}: waiting for approval: opsflow approve ${workflow.metadata.name} (or reject)`;
  }
  return base;
}

function startSpinner(io: CliIo) {
  let frame = 0;
  let text = '';
  const started = io.now();
  const draw = (): void => {
    if (!text) return;
    io.stderr.write(
      `\r\x1b[K${SPINNER[frame++ % SPINNER.length]} ${text} ${formatDuration((io.now() - started) / 1000)}`,
    );
  };
  const timer = setInterval(draw, 100);
  return {
    update(workflow: Workflow): void {
      text = `${workflow.metadata.name} ${workflow.status?.phase ?? 'Pending'}`;
      draw();
    },
    clear(): void {
      io.stderr.write('\r\x1b[K');
    },
    stop(): void {
      clearInterval(timer);
      io.stderr.write('\r\x1b[K');
    },
  };
}
