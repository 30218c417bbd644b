/**
 * `pod-logs` of a 300-pod DaemonSet (2 containers each) against the fake API server adding 20 ms to every answer:
 * requests made, wall time, and the bound a concurrency of 8 allows (requests / 8 x latency) with the ratio.
 * `BENCH_QUICK=1`: 20 pods (CI's check that the bench still works).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podLogs } from '../src/steps/kubernetes/pod-logs.js';
import { createStepContext } from '../src/steps/runtime/context.js';
import { FakeKubernetes } from '../test/fakes/kubernetes/server.js';
import { QUICK } from './quick.js';

const PODS = QUICK ? 20 : 300;
const LATENCY_MS = 20;
const CONCURRENCY = 8;

export default async function bench(): Promise<void> {
  const fake = await new FakeKubernetes().start();
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-bench-k8s-'));
  try {
    fake.writeKubeconfig(dir, 'bench');
    fake.add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-agent', namespace: 'infra' },
      spec: { selector: { matchLabels: { app: 'node-agent' } }, template: {} },
    });
    for (let i = 0; i < PODS; i++) {
      const name = `node-agent-${String(i).padStart(5, '0')}`;
      fake.add({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'infra', labels: { app: 'node-agent' } },
        spec: { containers: [{ name: 'agent' }, { name: 'exporter' }] },
      });
      for (const container of ['agent', 'exporter']) {
        fake.setLogs('infra', name, container, `${name} ${container} line\n`.repeat(200));
      }
    }
    fake.latencyMs = LATENCY_MS;
    const ctx = createStepContext({
      step: 'kubernetes/pod-logs',
      outputDir: join(dir, 'out'),
      outputs: podLogs.outputs,
      files: podLogs.files,
      logSink: () => {},
      env: { OPSFLOW_KUBECONFIG_DIR: dir },
    });
    const input = podLogs.input.parse({ cluster: 'bench', namespace: 'infra', kind: 'DaemonSet', name: 'node-agent' });
    const started = performance.now();
    const result = await podLogs.run(input, ctx);
    const wallMs = performance.now() - started;
    const requests = fake.requests.length;
    const boundMs = (requests / CONCURRENCY) * LATENCY_MS;
    console.log(result.message);
    console.log(
      `requests ${requests}, wall ${wallMs.toFixed(0)} ms, bound ${boundMs.toFixed(0)} ms ` +
        `(requests / ${CONCURRENCY} x ${LATENCY_MS} ms), ratio ${(wallMs / boundMs).toFixed(2)}, ` +
        `file ${(statSync(ctx.outputPath('logs')).size / 1e6).toFixed(1)} MB`,
    );
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
