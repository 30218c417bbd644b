import type { ArgoClient } from '../clients/argo/index.js';
import type { CliIo } from './io.js';

/**
 * The step logs of a run (GET /api/v1/workflows/{ns}/{name}/log, container `main`), one `pod: line` per entry on
 * stdout; with `follow` the stream stays open until the run ends (logOptions.follow).
 */
export async function printLogs(
  argo: ArgoClient,
  namespace: string,
  name: string,
  follow: boolean,
  io: CliIo,
): Promise<void> {
  const stream = argo.stream('/api/v1/workflows/{namespace}/{name}/log', {
    path: { namespace, name },
    query: { 'logOptions.container': 'main', ...(follow ? { 'logOptions.follow': true } : {}) },
  });
  for await (const entry of stream) io.stdout.write(`${entry.podName ?? ''}: ${entry.content ?? ''}\n`);
}
