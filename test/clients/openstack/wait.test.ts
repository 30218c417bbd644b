import { type WaitCheck, waitFor } from '../../../src/clients/openstack/index.js';
import { createStepContext } from '../../../src/steps/runtime/context.js';

/** waitFor against a scripted sequence of states, with a real step logger capturing its lines. */
function sequence(states: string[], check: (state: string) => WaitCheck, timeoutMs = 5000) {
  const logs: Record<string, unknown>[] = [];
  const log = createStepContext({ step: 't', logSink: (line) => logs.push(JSON.parse(line)) }).log;
  let i = 0;
  const result = waitFor({
    what: 'node n1 to be "available"',
    poll: async () => states[Math.min(i++, states.length - 1)]!,
    check,
    timeoutMs,
    intervalMs: 5,
    log,
  });
  return { result, logs, polls: () => i };
}

const ironicLike = (state: string): WaitCheck =>
  state === 'available'
    ? { done: true }
    : state === 'clean failed'
      ? { failed: 'cleaning failed: disk gone' }
      : { progress: state };

test('returns the final state and logs each new intermediate state once', async () => {
  const run = sequence(['cleaning', 'cleaning', 'clean wait', 'cleaning', 'available'], ironicLike);
  await expect(run.result).resolves.toBe('available');
  expect(run.logs.map((line) => [line.event, line.state])).toEqual([
    ['wait-progress', 'cleaning'],
    ['wait-progress', 'clean wait'],
    ['wait-progress', 'cleaning'],
    ['wait-done', undefined],
  ]);
});

test('a failure state ends the wait at once: exit 3 with the reason', async () => {
  const run = sequence(['cleaning', 'clean failed', 'available'], ironicLike);
  await expect(run.result).rejects.toMatchObject({
    exitCode: 3,
    message: 'node n1 to be "available": cleaning failed: disk gone',
  });
  expect(run.polls()).toBe(2);
});

test('a state that never settles times out: exit 75 (running the step again resumes) with the last state', async () => {
  const run = sequence(['cleaning'], ironicLike, 50);
  await expect(run.result).rejects.toMatchObject({
    exitCode: 75,
    message: expect.stringMatching(
      /^timed out after \d+ s waiting for node n1 to be "available" \(last state: cleaning\)$/,
    ),
  });
});
