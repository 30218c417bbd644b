import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { evaluateSensor, type v1alpha1, webhookEventData } from '../../../src/constructs/events/index.js';
import { workloadRestart } from '../../../src/steps/kubernetes/workload-restart.js';
import { buildEventsApp } from '../../charts/events-app.js';
import { find, synth } from '../../constructs/events/helpers.js';
import { CLUSTER, deployment, Harness } from '../../steps/kubernetes/harness.js';

jest.setTimeout(20_000);

/**
 * The restart automation's loop guard end to end: the same firing notification replayed through the generated
 * Sensor (each one a Workflow, whatever the rateLimit), then each Workflow's arguments run through the step against
 * the fake Kubernetes API, as Argo would run them one after the other (the action's per-workload mutex).
 */
const h = new Harness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const firing = JSON.parse(
  readFileSync(new URL('../../fixtures/alertmanager/firing.json', import.meta.url), 'utf8'),
) as { commonLabels: Record<string, string> };
firing.commonLabels.cluster = CLUSTER;

function workflowArguments(): Record<string, string>[] {
  const sensor = find(synth(buildEventsApp()), 'Sensor', 'restart-stuck-deployment') as {
    metadata: { name: string };
    spec: v1alpha1.SensorSpec;
  };
  const event = { eventSourceName: 'alertmanager', eventName: 'alerts', data: webhookEventData(firing, {}) };
  return [1, 2, 3].flatMap(() =>
    evaluateSensor(sensor, event).map((fired) => {
      const { parameters } = (fired.resource.spec as { arguments: { parameters: { name: string; value: string }[] } })
        .arguments;
      return Object.fromEntries(parameters.map(({ name, value }) => [name, value]));
    }),
  );
}

describe('restart-stuck-deployment: a flapping alert restarts the Deployment once per cool-down', () => {
  test('three notifications make three Workflows; only the first restarts, the others exit 3 and change nothing', async () => {
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
