import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { z } from 'zod';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import type { Template, WorkflowSpec } from '../../src/constructs/workflows/argo-types.js';
import { durationSeconds } from '../../src/constructs/workflows/retry-window.js';
import { STEP_START_SECONDS, stepsTemplate, stepTemplate } from '../../src/constructs/workflows/step-template.js';
import { WorkflowTemplate } from '../../src/constructs/workflows/workflow-template.js';
import { synthesizeObjects } from '../../src/synth/render.js';

const site = loadSite(exampleSite);

/** One attempt of a retried step as the model saw it: when its pod started and the deadline it was given. */
interface Attempt {
  readonly start: number;
  readonly podDeadline: number;
  readonly ran: number;
}

/**
 * A small model of how Argo Workflows v4.1.2 retries a container template, written from the upstream code, times in
 * seconds from the Workflow's start (the first attempt starts at 0):
 * - workflow/controller/operator.go `processNodeRetries`: once the Workflow deadline has passed, no retry ("retry
 *   exceeded workflow deadline"); `backoff.maxDuration` counts from the first attempt's start: past it the node fails,
 *   and a backoff ending after it fails the node too ("Backoff would exceed max duration limit"); the backoff before
 *   retry n is `duration * factor^(n-1)` capped by `cap`, from the previous attempt's end; at most `limit` retries;
 *   a retry pod gets the maxDuration deadline as `executionDeadline` (the first attempt has none);
 * - workflowpod.go: the pod's deadline is the smaller of the template's `activeDeadlineSeconds` and what is left of
 *   the Workflow's, and `getDeadline` (ARGO_DEADLINE, enforced by executor.go `monitorDeadline`) the smaller of the
 *   Workflow deadline and the executionDeadline.
 * `failAfter(n)` is how long attempt n runs before it exits 75; a pod reaching its deadline first is killed.
 */
function runRetries(spec: WorkflowSpec, template: Template, failAfter: (attempt: number) => number) {
  const strategy = template.retryStrategy!;
  const workflowDeadline = spec.activeDeadlineSeconds ?? Number.POSITIVE_INFINITY;
  const maxDuration = durationSeconds(strategy.backoff?.maxDuration);
  const base = durationSeconds(strategy.backoff?.duration) ?? 0;
  const cap = durationSeconds(strategy.backoff?.cap) ?? Number.POSITIVE_INFINITY;
  const factor = Number(strategy.backoff?.factor ?? 1);
  const limit = Number(strategy.limit);
  const attempts: Attempt[] = [];
  let start = 0;
  for (;;) {
    const executionDeadline = attempts.length > 0 && maxDuration !== undefined ? maxDuration : undefined;
    const podDeadline = Math.min(
      Number(template.activeDeadlineSeconds ?? Number.POSITIVE_INFINITY),
      workflowDeadline - start,
      executionDeadline === undefined ? Number.POSITIVE_INFINITY : executionDeadline - start,
    );
    const wanted = failAfter(attempts.length);
    const ran = Math.min(wanted, podDeadline);
    attempts.push({ start, podDeadline, ran });
    if (ran < wanted) return { attempts, end: 'killed at its deadline' };
    const finished = start + ran;
    if (finished > workflowDeadline) return { attempts, end: 'retry exceeded workflow deadline' };
    if (maxDuration !== undefined && finished > maxDuration) return { attempts, end: 'Max duration limit exceeded' };
    const wait = Math.min(cap, base * factor ** (attempts.length - 1));
    if (maxDuration !== undefined && finished + wait > maxDuration) {
      return { attempts, end: 'Backoff would exceed max duration limit' };
    }
    if (attempts.length > limit) return { attempts, end: 'No more retries left' };
    start = finished + wait;
  }
}

describe('retries of the openshift-workload-restart step', () => {
  // biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
  const objects = synthesizeObjects(buildApp(site, catalog)) as any[];
  const workflowTemplate = objects.find(
    (o) => o.kind === 'WorkflowTemplate' && o.metadata.name === 'openshift-workload-restart',
  );
  const spec: WorkflowSpec = workflowTemplate.spec;
  const step = spec.templates!.find((t) => t.name === 'workload-restart')!;
  // The step's own timeout: the largest --timeout-seconds the template passes on (the input schema's maximum).
  const stepTimeout = 3600;
  const limit = Number(step.retryStrategy!.limit);

  it('has no maxDuration, a per-attempt deadline above the step timeout, and a Workflow deadline that fits all', () => {
    expect(step.retryStrategy!.backoff).toEqual({ duration: '10s', factor: 2, cap: '1m' });
    expect(step.activeDeadlineSeconds).toBe(stepTimeout + STEP_START_SECONDS);
    expect(spec.activeDeadlineSeconds).toBeGreaterThanOrEqual((limit + 1) * (stepTimeout + STEP_START_SECONDS) + 70);
  });

  it('retries a step that times out waiting, every attempt with a full pod deadline (5m maxDuration did not)', () => {
    // Each attempt waits the whole timeout (plus 30 s of start-up), then exits 75.
    const run = runRetries(spec, step, () => stepTimeout + 30);
    expect(run.end).toBe('No more retries left');
    expect(run.attempts).toHaveLength(limit + 1);
    for (const attempt of run.attempts) expect(attempt.podDeadline).toBeGreaterThanOrEqual(stepTimeout);

    const before = {
      ...step,
      retryStrategy: { ...step.retryStrategy, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
    };
    const old = runRetries({ ...spec, activeDeadlineSeconds: 4200 }, before, () => 600 + 30);
    expect(old.attempts).toHaveLength(1);
    expect(old.end).toBe('Max duration limit exceeded');
  });

  it('gives a transient failure at any point within the step timeout its retries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stepTimeout + 60 }), { minLength: limit + 1 }), (failures) => {
        const run = runRetries(spec, step, (attempt) => failures[attempt]!);
        expect(run.end).toBe('No more retries left');
        expect(run.attempts).toHaveLength(limit + 1);
        for (const attempt of run.attempts) expect(attempt.podDeadline).toBeGreaterThanOrEqual(stepTimeout);
      }),
    );
  });
});

describe('stepTemplate deadlines', () => {
  const base = { name: 'x', site, system: 'kubernetes', step: 'x' } as const;

  it('takes the step timeout from the input maximum, an explicit value, or the default for steps that do not wait', () => {
    const waits = z.strictObject({ timeoutSeconds: z.number().int().min(1).max(7200).default(60).describe('Wait') });
    expect(stepTemplate({ ...base, input: waits }).activeDeadlineSeconds).toBe(7200 + STEP_START_SECONDS);
    const quick = z.strictObject({ pod: z.string().describe('Pod') });
    expect(stepTemplate({ ...base, input: quick }).activeDeadlineSeconds).toBe(600 + STEP_START_SECONDS);
    expect(stepTemplate({ ...base, input: quick, timeoutSeconds: 1800 }).activeDeadlineSeconds).toBe(
      1800 + STEP_START_SECONDS,
    );
    const unbounded = z.strictObject({ timeoutSeconds: z.number().int().min(1).default(60).describe('Wait') });
    expect(() => stepTemplate({ ...base, input: unbounded })).toThrow(
      'step template x: input timeoutSeconds has no maximum, so a run has no bound (add .max())',
    );
  });
});

describe('retry window validation', () => {
  const input = z.strictObject({ timeoutSeconds: z.number().int().min(1).max(3600).default(600).describe('Wait') });

  function synthError(step: Template, activeDeadlineSeconds?: number): string {
    const chart = Testing.chart();
    new WorkflowTemplate(chart, 'wt', {
      name: 'waits',
      title: 'Waits',
      description: 'Waits for something',
      entrypoint: 'main',
      serviceAccountName: 'sa',
      parameters: [{ name: 'timeoutSeconds', required: false, description: 'Wait', default: '600' }],
      templates: [stepsTemplate('main', [[{ name: 'run', template: step.name }]]), step],
      ...(activeDeadlineSeconds ? { activeDeadlineSeconds } : {}),
    });
    try {
      Testing.synth(chart);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  }

  const step = stepTemplate({ name: 'wait', site, system: 'kubernetes', step: 'wait', input });

  it('accepts the generated step with a deadline that covers its window', () => {
    expect(synthError(step, 14_950)).toBe('');
  });

  it('refuses a maxDuration shorter than the window, naming the template, the field and both values', () => {
    const backoff = { ...step.retryStrategy!.backoff, maxDuration: '5m' };
    const capped = { ...step, retryStrategy: { ...step.retryStrategy, backoff } };
    expect(synthError(capped, 20_000)).toContain(
      'WorkflowTemplate waits: spec.templates[1] "wait" retryStrategy.backoff.maxDuration: 5m (300 s) is shorter ' +
        "than the template's retry window, 14950 s (4 attempts × activeDeadlineSeconds 3720 s + 70 s of backoff)",
    );
  });

  it('refuses a Workflow deadline shorter than the window, and a retried step without a per-attempt deadline', () => {
    expect(synthError(step, 4200)).toContain(
      'WorkflowTemplate waits: spec.activeDeadlineSeconds: 4200 s is shorter than the retry window of ' +
        'spec.templates[1] "wait", 14950 s (4 attempts × activeDeadlineSeconds 3720 s + 70 s of backoff)',
    );
    const { activeDeadlineSeconds: _, ...unbounded } = step;
    expect(synthError(unbounded)).toContain(
      'WorkflowTemplate waits: spec.templates[1] "wait" activeDeadlineSeconds: a retried step needs a whole number ' +
        'of seconds as its per-attempt deadline, so that its retry window is bounded (got undefined)',
    );
  });
});

describe('durationSeconds', () => {
  it('reads durations as Argo does: whole numbers are seconds, the rest Go durations', () => {
    expect(durationSeconds('30')).toBe(30);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('1.5s')).toBe(1.5);
    expect(durationSeconds('500ms')).toBe(0.5);
    expect(durationSeconds('5 m')).toBeUndefined();
    expect(durationSeconds('soon')).toBeUndefined();
    expect(durationSeconds(undefined)).toBeUndefined();
  });
});
