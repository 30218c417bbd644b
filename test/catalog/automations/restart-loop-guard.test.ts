import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { webhookEventData } from '../../../src/constructs/events/index.js';
import { workloadRestart } from '../../../src/steps/kubernetes/workload-restart.js';
import { CLUSTER, deployment, Harness } from '../../steps/kubernetes/harness.js';
import { deliverAlerts, summary } from './alert-fan-out.js';

jest.setTimeout(20_000);

/**
 * The restart route's loop guard end to end: a flapping alert (firing, resolved, firing again: each time a new
 * startsAt, so a new run) replayed through the generated Sensor and fan-out, then each run's arguments through the
 * step against the fake Kubernetes API, as Argo would run them one after the other (the action's per-workload mutex).
 */
const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const firing = JSON.parse(
  readFileSync(new URL('../../fixtures/alertmanager/firing.json', import.meta.url), 'utf8'),
) as { alerts: { labels: Record<string, string>; startsAt: string }[] };
firing.alerts[0]!.labels.cluster = CLUSTER;

function workflowArguments(): Record<string, string>[] {
  const events = ['01:58:30', '02:03:30', '02:08:30'].map((time) => {
    const body = structuredClone(firing);
    body.alerts[0]!.startsAt = `2026-11-22T${time}.123Z`;
    return { eventSourceName: 'alertmanager', eventName: 'alerts', data: webhookEventData(body, {}) };
  });
  return deliverAlerts(events).children.map((child) => summary(child).arguments);
}

describe('restart-stuck-deployment: a flapping alert restarts the Deployment once per cool-down', () => {
  test('three firings make three Workflows; only the first restarts, the others exit 3 and change nothing', async () => {
    const runs = workflowArguments();
    expect(runs).toHaveLength(3);
    const { namespace, name } = runs[0]!;
    h.fake.add(deployment(name!, namespace));
    h.fake.controllers = 'progress';

    const results = [];
    for (const [i, args] of runs.entries()) {
      // As the template passes them: the step waits for the rollout, so the next Workflow (after the mutex) finds it done.
      const input = { ...args, minIntervalMinutes: Number(args.minIntervalMinutes) };
      results.push(
        await h.run(workloadRestart, input, { env: { ARGO_WORKFLOW_NAME: `openshift-workload-restart-${i}` } }),
      );
    }

    expect(results[0]!.result?.outcome).toBe('changed');
    for (const refused of results.slice(1)) {
      expect(refused.error?.exitCode).toBe(3);
      expect(refused.error?.message).toMatch(
        new RegExp(
          `^Deployment ${namespace}/${name} on prod was restarted \\d+ s ago \\(kubectl\\.kubernetes\\.io/restartedAt: .+\\), less than the minimum interval of 30 minutes \\(minIntervalMinutes\\): not restarting it again$`,
        ),
      );
    }
    expect(h.fake.mutations()).toHaveLength(1);
  });
});
