import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from '../../../src/common/zod-mini.js';
import { createStepContext } from '../../../src/steps/runtime/context.js';
import type { StepDefinition, StepResult } from '../../../src/steps/runtime/step.js';
import { FakeKubernetes } from '../../fakes/kubernetes/server.js';

export const CLUSTER = 'prod';

export interface Run {
  readonly result?: StepResult;
  readonly error?: Error & { exitCode?: number };
  /** Parsed JSON log lines. */
  readonly logs: Record<string, unknown>[];
  readonly outputDir: string;
}

/** A fake API server, a kubeconfig naming it as cluster "prod", and a way to run a step against it. */
export class Harness {
  readonly fake = new FakeKubernetes();
  private dir = '';

  async start(): Promise<this> {
    await this.fake.start();
    this.dir = mkdtempSync(join(tmpdir(), 'opsflow-k8s-'));
    this.fake.writeKubeconfig(this.dir, CLUSTER);
    return this;
  }

  async stop(): Promise<void> {
    await this.fake.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get kubeconfigDir(): string {
    return this.dir;
  }

  /** Validates `input` with the step's schema, as the runtime does, and runs the step. */
  async run(
    step: StepDefinition,
    input: Record<string, unknown>,
    options: { dryRun?: boolean; env?: Record<string, string> } = {},
  ): Promise<Run> {
    const logs: Record<string, unknown>[] = [];
    const outputDir = mkdtempSync(join(tmpdir(), 'opsflow-k8s-out-'));
    const ctx = createStepContext({
      step: `kubernetes/${step.name}`,
      dryRun: options.dryRun,
      outputDir,
      outputs: step.outputs,
      files: step.files,
      logSink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
      env: {
        OPSFLOW_KUBECONFIG_DIR: this.dir,
        OPSFLOW_KUBERNETES_POLL_INTERVAL_MS: '5',
        OPSFLOW_KUBERNETES_TIMEOUT_MS: '2000',
        ...options.env,
      },
    });
    try {
      const result = await step.run(z.parse(step.input, { cluster: CLUSTER, ...input }), ctx);
      return { result, logs, outputDir };
    } catch (error) {
      return { error: error as Error & { exitCode?: number }, logs, outputDir };
    }
  }
}

export function deployment(name: string, namespace = 'shop', replicas = 3) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    },
  };
}

export function pod(
  name: string,
  options: {
    namespace?: string;
    labels?: Record<string, string>;
    owner?: { kind: string; name: string; uid: string };
    containers?: string[];
  } = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'shop',
      labels: options.labels ?? {},
      ...(options.owner
        ? { ownerReferences: [{ apiVersion: 'apps/v1', ...options.owner, controller: true, blockOwnerDeletion: true }] }
        : {}),
    },
    spec: { containers: (options.containers ?? ['app']).map((container) => ({ name: container, image: 'img:1' })) },
    status: { phase: 'Running' },
  };
}
