import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubernetesClient } from '../../src/clients/kubernetes/client.js';
import { loadClusterConfig } from '../../src/clients/kubernetes/cluster-config.js';
import { type GuardRequest, recordRun, runsConfigMapName } from '../../src/governance/guard.js';
import { ExitCode } from '../../src/steps/runtime/errors.js';
import { FakeKubernetes } from '../fakes/kubernetes/server.js';

let fake: FakeKubernetes;
let kube: KubernetesClient;

beforeAll(async () => {
  fake = await new FakeKubernetes().start();
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-guard-'));
  fake.writeKubeconfig(dir, 'local');
  kube = new KubernetesClient('local', loadClusterConfig('local', { OPSFLOW_KUBECONFIG_DIR: dir }));
});
afterAll(() => fake.stop());

const now = new Date('2026-12-01T10:00:00Z');
const restart = (caller: string, workflow: string, extra: Partial<GuardRequest> = {}): GuardRequest => ({
  caller,
  action: 'openshift-workload-restart',
  workflow,
  perCaller: { runs: 3, window: '1h' },
  now,
  ...extra,
});

async function startAtOnce(requests: GuardRequest[]) {
  const outcomes = await Promise.allSettled(requests.map((request) => recordRun(kube, 'opsflow', request)));
  return {
    started: outcomes.filter((outcome) => outcome.status === 'fulfilled').length,
    refused: outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : [])),
  };
}

describe('the run-limit guard', () => {
  it.each([1, 2, 3, 4, 5])(
    'starts exactly 3 of 20 simultaneous runs against a limit of 3 (round %i)',
    async (round) => {
      const caller = `alice-${round}`;
      const { started, refused } = await startAtOnce(
        Array.from({ length: 20 }, (_, i) => restart(caller, `restart-${round}-${i}`)),
      );
      expect(started).toBe(3);
      expect(refused).toHaveLength(17);
      expect(new Set(refused.map((error) => (error as Error & { exitCode: number }).exitCode))).toEqual(
        new Set([ExitCode.Precondition]),
      );
    },
  );

  it('refuses, word for word, naming the caller, action, count, window and when the next run is allowed', async () => {
    for (const [i, minutes] of [0, 10, 20].entries()) {
      const at = new Date(now.getTime() - (50 - minutes) * 60_000);
      await recordRun(kube, 'opsflow', restart('bob', `earlier-${i}`, { now: at }));
    }
    await expect(recordRun(kube, 'opsflow', restart('bob', 'fourth'))).rejects.toThrow(
      'run limit: bob has started 3 runs of openshift-workload-restart in the last 1h (limit 3); the next run is allowed at 2026-12-01T10:10:00Z',
    );
    // Ten minutes later the oldest run has left the window.
    await recordRun(kube, 'opsflow', restart('bob', 'fourth', { now: new Date('2026-12-01T10:10:01Z') }));
  });

  it('checks a dry run against the limits without counting it', async () => {
    for (let i = 0; i < 5; i++) await recordRun(kube, 'opsflow', restart('gina', `dry-${i}`, { dryRun: true }));
    for (let i = 0; i < 3; i++) await recordRun(kube, 'opsflow', restart('gina', `real-${i}`));
    await expect(recordRun(kube, 'opsflow', restart('gina', 'dry-5', { dryRun: true }))).rejects.toThrow(
      /^run limit: gina has started 3 runs/,
    );
  });

  it('counts a retried guard of the same Workflow once', async () => {
    for (let i = 0; i < 5; i++) await recordRun(kube, 'opsflow', restart('carol', 'same-run'));
    await recordRun(kube, 'opsflow', restart('carol', 'second-run'));
  });

  it('applies the overall limit across callers, and a run it refuses does not use up the caller window', async () => {
    const overall = { runs: 2, window: '1h' };
    const logs = (caller: string, workflow: string) =>
      restart(caller, workflow, { action: 'openshift-pod-logs', overall, perCaller: { runs: 1, window: '1h' } });
    await recordRun(kube, 'opsflow', logs('dave', 'logs-1'));
    await recordRun(kube, 'opsflow', logs('erin', 'logs-2'));
    await expect(recordRun(kube, 'opsflow', logs('frank', 'logs-3'))).rejects.toThrow(
      'run limit: all callers together have started 2 runs of openshift-pod-logs in the last 1h (limit 2); the next run is allowed at 2026-12-01T11:00:00Z',
    );
    // frank's own window is still free: his refused run was taken back.
    await recordRun(
      kube,
      'opsflow',
      logs('frank', 'logs-4').overall ? { ...logs('frank', 'logs-4'), overall: undefined } : logs('frank', 'logs-4'),
    );
  });

  it('keeps one ConfigMap per caller and action, named by a hash (creator labels may hold "_" and capitals)', () => {
    expect(runsConfigMapName('openshift-workload-restart', 'Alice_Smith')).toMatch(
      /^opsflow-runs-openshift-workload-restart-[0-9a-f]{16}$/,
    );
  });
});
