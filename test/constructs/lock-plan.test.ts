import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { z } from 'zod';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import type { Synchronization, Template, WorkflowSpec } from '../../src/constructs/workflows/argo-types.js';
import { parametersFromSchema } from '../../src/constructs/workflows/parameters.js';
import { stepsTemplate } from '../../src/constructs/workflows/step-template.js';
import { patternAlphabet, targetMutexName } from '../../src/constructs/workflows/target-mutex.js';
import { WorkflowTemplate } from '../../src/constructs/workflows/workflow-template.js';
import { WorkloadRestartInput } from '../../src/steps/kubernetes/inputs.js';
import { synthesizeObjects } from '../../src/synth/render.js';

/**
 * A small executable model of how the Argo Workflows v4.1.2 controller takes `synchronization` locks, written from
 * workflow/sync/ (in-memory locks, no database):
 * - sync_manager.go `TryAcquire`: the locks of one block (semaphores, then mutexes: syncitems.go `allSyncItems`) are
 *   taken all or nothing. `prepAcquire` first queues the holder on every lock it does not hold; `tryAcquireImpl`
 *   acquires only when `checkAcquire` says yes for every lock, and otherwise leaves the holder queued on all of them.
 * - semaphore.go `checkAcquire`: a holder may acquire only if it is the front of the pending queue (same workflow,
 *   `isSameWorkflowNodeKeys`) or the queue is empty, and a slot is free; `tryAcquire` then removes it from the queue.
 *   mutex.go: a mutex is the same with a limit of 1. multi_throttler.go `priorityQueue`: higher priority first,
 *   then older creation time.
 * - lock_name.go: a mutex is `<namespace>/Mutex/<name>`, a ConfigMap semaphore `<namespace>/ConfigMap/<cm>/<key>`;
 *   sync_manager.go `getHolderKey`: `<namespace>/<workflow>` at the workflow level, `.../<node id>` for a template.
 * - workflow/controller/operator.go: the Workflow-level block is taken before the Workflow starts (`operate`), a
 *   template's block when its node is executed (`executeTemplate`), released when the node is fulfilled (`Release`)
 *   and everything at the end (`ReleaseAll`); global parameters are substituted first (`substituteGlobalVariables`).
 */
class LockModel {
  private readonly locks = new Map<string, { limit: number; holders: Set<string>; pending: string[] }>();
  private readonly created = new Map<string, number>();

  constructor(
    private readonly namespace: string,
    /** The ConfigMap's limit of every semaphore. */
    private readonly semaphoreLimit: number,
  ) {}

  /** True when every lock of the block is now held by `holder`. */
  tryAcquire(holder: string, created: number, sync: Synchronization): boolean {
    this.created.set(holder, created);
    const keys = this.lockKeys(sync);
    for (const key of keys) {
      const lock = this.lock(key);
      if (!lock.holders.has(holder) && !lock.pending.includes(holder)) {
        lock.pending.push(holder);
        lock.pending.sort((a, b) => this.created.get(a)! - this.created.get(b)!);
      }
    }
    const acquirable = keys.every((key) => {
      const lock = this.locks.get(key)!;
      if (lock.holders.has(holder)) return true;
      const front = lock.pending[0];
      if (front !== undefined && !sameWorkflowNode(holder, front)) return false;
      return lock.holders.size < lock.limit;
    });
    if (!acquirable) return false;
    for (const key of keys) {
      const lock = this.locks.get(key)!;
      lock.holders.add(holder);
      lock.pending = lock.pending.filter((item) => item !== holder);
    }
    return true;
  }

  release(holder: string, sync: Synchronization): void {
    for (const key of this.lockKeys(sync)) {
      const lock = this.locks.get(key);
      lock?.holders.delete(holder);
      if (lock) lock.pending = lock.pending.filter((item) => item !== holder);
    }
  }

  private lockKeys(sync: Synchronization): string[] {
    return [
      ...(sync.semaphores ?? []).map(
        (s) => `${this.namespace}/ConfigMap/${s.configMapKeyRef!.name}/${s.configMapKeyRef!.key}`,
      ),
      ...(sync.mutexes ?? []).map((m) => `${this.namespace}/Mutex/${m.name}`),
    ];
  }

  private lock(key: string) {
    let lock = this.locks.get(key);
    if (!lock) {
      lock = { limit: key.includes('/Mutex/') ? 1 : this.semaphoreLimit, holders: new Set(), pending: [] };
      this.locks.set(key, lock);
    }
    return lock;
  }
}

function sameWorkflowNode(a: string, b: string): boolean {
  const [x, y] = [a.split('/'), b.split('/')];
  return x.length === y.length && x[1] === y[1];
}

type Target = Readonly<Record<'cluster' | 'namespace' | 'kind' | 'name', string>>;

interface Run {
  readonly name: string;
  readonly target: Target;
  /** Tick at which it is created (also its creation order). */
  readonly arrival: number;
  /** Ticks its step runs once it has its locks. */
  readonly duration: number;
}

/** Substitutes the Workflow's parameters in a block, as the controller does before taking the lock. */
function substitute(sync: Synchronization | undefined, parameters: Target): Synchronization | undefined {
  if (!sync) return undefined;
  return JSON.parse(
    JSON.stringify(sync).replace(/\{\{workflow\.parameters\.(\w+)\}\}/g, (_, name: keyof Target) => parameters[name]),
  );
}

const sameTarget = (a: Target, b: Target) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs Workflows of one template through the model, tick by tick; in each tick the controller reconciles every
 * Workflow until nothing changes (a released lock requeues the waiters: semaphore.go `notifyWaiters`). Returns the
 * tick each step started and, per tick, the problems seen: two steps on one target, more steps than the semaphore
 * allows, and a Workflow that could run (no earlier run on its target is unfinished, a slot is free) but waits.
 */
function simulate(spec: WorkflowSpec, runs: readonly Run[], limit: number) {
  const step = stepTemplateOf(spec);
  const model = new LockModel('opsflow', limit);
  const state = new Map(
    runs.map((run) => [run.name, { phase: 'pending', startedAt: -1 } as { phase: string; startedAt: number }]),
  );
  const problems: string[] = [];
  for (let tick = 0; [...state.values()].some((s) => s.phase !== 'done'); tick++) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const [order, run] of runs.entries()) {
        const s = state.get(run.name)!;
        if (run.arrival > tick || s.phase === 'done') continue;
        const workflowLocks = substitute(spec.synchronization, run.target);
        const stepLocks = substitute(step.synchronization, run.target);
        if (
          s.phase === 'pending' &&
          (!workflowLocks || model.tryAcquire(`opsflow/${run.name}`, order, workflowLocks))
        ) {
          s.phase = 'running';
          changed = true;
        }
        if (s.phase === 'running' && (!stepLocks || model.tryAcquire(`opsflow/${run.name}/run`, order, stepLocks))) {
          s.phase = 'step';
          s.startedAt = tick;
          changed = true;
        }
        if (s.phase === 'step' && tick >= s.startedAt + run.duration) {
          if (stepLocks) model.release(`opsflow/${run.name}/run`, stepLocks);
          if (workflowLocks) model.release(`opsflow/${run.name}`, workflowLocks);
          s.phase = 'done';
          changed = true;
        }
      }
    }
    const inStep = runs.filter((run) => state.get(run.name)!.phase === 'step');
    if (inStep.length > limit) problems.push(`tick ${tick}: ${inStep.length} steps run, the limit is ${limit}`);
    for (const [i, run] of inStep.entries()) {
      for (const other of inStep.slice(i + 1)) {
        if (sameTarget(run.target, other.target))
          problems.push(`tick ${tick}: ${run.name} and ${other.name} share a target`);
      }
    }
    for (const [order, run] of runs.entries()) {
      const s = state.get(run.name)!;
      if (run.arrival > tick || s.phase === 'step' || s.phase === 'done') continue;
      const earlierOnTarget = runs
        .slice(0, order)
        .some((other) => sameTarget(other.target, run.target) && state.get(other.name)!.phase !== 'done');
      if (!earlierOnTarget && inStep.length < limit) problems.push(`tick ${tick}: ${run.name} could run but waits`);
    }
    if (tick > 10_000) throw new Error('the model did not finish');
  }
  return { problems, started: Object.fromEntries([...state].map(([name, s]) => [name, s.startedAt])) };
}

/** The template the entrypoint's steps run (the action's step). */
function stepTemplateOf(spec: WorkflowSpec): Template {
  const main = spec.templates!.find((t) => t.name === spec.entrypoint)!;
  const names = main.steps!.flat().map((s) => s.template);
  return spec.templates!.find((t) => names.includes(t.name) && t.container)!;
}

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
const objects = synthesizeObjects(buildApp(loadSite(exampleSite), catalog)) as any[];
const emitted: WorkflowSpec = objects.find(
  (o) => o.kind === 'WorkflowTemplate' && o.metadata.name === 'openshift-workload-restart',
).spec;
const emittedLimit = Number(
  objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'opsflow-semaphores').data[
    'openshift-workload-restart'
  ],
);

/** The plan synth emitted before: mutex and semaphore together on the Workflow, the key joined with "-". */
const previous: WorkflowSpec = {
  ...emitted,
  synchronization: {
    semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'openshift-workload-restart' } }],
    mutexes: [
      {
        name: 'workload-{{workflow.parameters.cluster}}-{{workflow.parameters.namespace}}-{{workflow.parameters.kind}}-{{workflow.parameters.name}}',
      },
    ],
  },
  templates: emitted.templates!.map(({ synchronization: _, ...template }) => template),
};

const target = (cluster: string, namespace: string, name: string): Target => ({
  cluster,
  namespace,
  kind: 'Deployment',
  name,
});

describe('the lock plan of openshift-workload-restart', () => {
  it('takes the target mutex on the Workflow and the maxParallel semaphore on the step', () => {
    expect(emitted.synchronization).toEqual({
      mutexes: [
        {
          name: 'kubernetes-object_{{workflow.parameters.cluster}}_{{workflow.parameters.namespace}}_{{workflow.parameters.kind}}_{{workflow.parameters.name}}',
        },
      ],
    });
    expect(stepTemplateOf(emitted).synchronization).toEqual({
      semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'openshift-workload-restart' } }],
    });
    expect(emittedLimit).toBe(5);
  });

  // A long rollout of shop/web, a second restart of it, then restarts of three other workloads.
  const busy: Run[] = [
    { name: 'web-1', target: target('prod', 'shop', 'web'), arrival: 0, duration: 100 },
    { name: 'web-2', target: target('prod', 'shop', 'web'), arrival: 1, duration: 5 },
    { name: 'cart', target: target('prod', 'shop', 'cart'), arrival: 2, duration: 5 },
    { name: 'search', target: target('prod', 'search', 'api'), arrival: 2, duration: 5 },
    { name: 'billing', target: target('stage', 'billing', 'api'), arrival: 3, duration: 5 },
  ];

  it('lets restarts of other workloads run while one waits for a busy workload', () => {
    const { problems, started } = simulate(emitted, busy, emittedLimit);
    expect(problems).toEqual([]);
    expect(started).toEqual({ 'web-1': 0, 'web-2': 100, cart: 2, search: 2, billing: 3 });
  });

  it('(the model shows the old plan stalling them behind the waiting restart until the busy one ends)', () => {
    const { problems, started } = simulate(previous, busy, emittedLimit);
    expect(started).toEqual({ 'web-1': 0, 'web-2': 100, cart: 100, search: 100, billing: 100 });
    expect(problems).toContain('tick 2: cart could run but waits');
  });

  it('never runs two steps on one target, never exceeds the limit, and never holds back another target', () => {
    const targets = [
      target('prod', 'shop', 'web'),
      target('prod', 'shop-web', 'api'),
      target('prod-shop', 'web', 'api'),
      target('stage', 'shop', 'web'),
    ];
    const runs = fc
      .array(
        fc.record({
          target: fc.integer({ min: 0, max: targets.length - 1 }),
          arrival: fc.integer({ min: 0, max: 20 }),
          duration: fc.integer({ min: 1, max: 30 }),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map((items) =>
        items
          .sort((a, b) => a.arrival - b.arrival)
          .map(
            (item, i): Run => ({
              name: `r${i}`,
              target: targets[item.target]!,
              arrival: item.arrival,
              duration: item.duration,
            }),
          ),
      );
    fc.assert(
      fc.property(runs, fc.constantFrom(1, 2, emittedLimit), (plan, limit) => {
        expect(simulate(emitted, plan, limit).problems).toEqual([]);
      }),
    );
  });
});

describe('target mutex keys', () => {
  const name = emitted.synchronization!.mutexes![0]!.name!;
  const key = (t: Target) => substitute({ mutexes: [{ name }] }, t)!.mutexes![0]!.name!;

  it('differ for prod + shop-web and prod-shop + web (with "-" they were one lock)', () => {
    const a = target('prod', 'shop-web', 'api');
    const b = target('prod-shop', 'web', 'api');
    expect(key(a)).toBe('kubernetes-object_prod_shop-web_Deployment_api');
    expect(key(b)).toBe('kubernetes-object_prod-shop_web_Deployment_api');
    const oldKey = (t: Target) => substitute(previous.synchronization, t)!.mutexes![0]!.name;
    expect(oldKey(a)).toBe(oldKey(b));
  });

  it('are distinct for distinct targets the step accepts', () => {
    // Names over a tiny alphabet too, so that tuples whose parts only shift a "-" (the old collision) come up often.
    const label = fc.oneof(
      fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/),
      fc.stringMatching(/^[ab]([-ab]{0,3}[ab])?$/),
    );
    const objectName = fc.oneof(
      fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,8}[a-z0-9])?$/),
      fc.stringMatching(/^[ab]([-ab.]{0,3}[ab])?$/),
    );
    const tuple = fc
      .record({
        cluster: label,
        namespace: label,
        kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Pod'),
        name: objectName,
      })
      .filter((t) => WorkloadRestartInput.safeParse(t).success);
    // Splitting a key on "_" gives the target back, so no two targets share a key...
    fc.assert(
      fc.property(tuple, (t) => {
        expect(key(t).split('_')).toEqual(['kubernetes-object', t.cluster, t.namespace, t.kind, t.name]);
      }),
      { numRuns: 1000 },
    );
    // ...and directly, also for targets that differ in one part only.
    const pair = fc
      .tuple(tuple, tuple, fc.subarray(['cluster', 'namespace', 'kind', 'name'] as const))
      .map(([a, b, fields]) => [a, { ...a, ...Object.fromEntries(fields.map((f) => [f, b[f]])) }] as const);
    fc.assert(
      fc.property(pair, ([a, b]) => {
        fc.pre(!sameTarget(a, b));
        expect(key(a)).not.toBe(key(b));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('lock plan validation', () => {
  function synthErrors(
    configure: (template: WorkflowTemplate) => void,
    input: z.core.$ZodObject = WorkloadRestartInput,
  ): string {
    const chart = Testing.chart();
    const template = new WorkflowTemplate(chart, 'wt', {
      name: 'restart',
      title: 'Restart',
      description: 'Restart a workload',
      entrypoint: 'main',
      serviceAccountName: 'sa',
      parameters: parametersFromSchema(input),
      templates: [stepsTemplate('main', [])],
    });
    configure(template);
    try {
      Testing.synth(chart);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  }

  it('refuses a semaphore beside a mutex on the Workflow (the old plan)', () => {
    const message = synthErrors((template) => {
      template.addSemaphore({ name: 'opsflow-semaphores', key: 'restart' });
      template.addTargetMutex('workload', ['cluster', 'namespace', 'kind', 'name']);
    });
    expect(message).toContain(
      "WorkflowTemplate restart: spec.synchronization: takes 2 locks at once; Argo queues the Workflow on each and takes them only together, so while it waits for one it is at the front of the others' queues",
    );
    const slotHeld = synthErrors((template) => {
      template.addSemaphore({ name: 'opsflow-semaphores', key: 'restart' });
      template.addTemplate({
        name: 'step',
        container: { name: 'main', image: 'i:1' },
        synchronization: { mutexes: [{ name: 'x' }] },
      });
    });
    expect(slotHeld).toContain(
      'WorkflowTemplate restart: spec.synchronization: a Workflow-level semaphore is held while spec.templates[1] "step" synchronization may still wait for its lock',
    );
  });

  it('refuses a target mutex on a parameter whose values may contain "_", or that does not exist', () => {
    const input = z.strictObject({
      cluster: z.string().describe('Cluster'),
      name: z
        .string()
        .regex(/^[a-z0-9]+$/)
        .describe('Name'),
    });
    const message = synthErrors((template) => template.addTargetMutex('workload', ['cluster', 'name', 'kind']), input);
    expect(message).toContain(
      'WorkflowTemplate restart: synchronization.mutexes (target mutex): the values of parameter "cluster" may contain "_", which separates the parts of the key',
    );
    expect(message).not.toContain('parameter "name"');
    expect(message).toContain(
      'WorkflowTemplate restart: synchronization.mutexes (target mutex): "kind" is not a parameter (parameters: cluster, name)',
    );
  });

  it('lets the last part of a key hold "_": splitting at the first separators still gives every target back', () => {
    const refused = z.strictObject({
      cluster: z.enum(['prod', 'prod_eu']).describe('Cluster'),
      node: z.string().describe('Node'),
    });
    expect(synthErrors((template) => template.addTargetMutex('node', ['node']), refused)).not.toContain('target mutex');
    const message = synthErrors((template) => template.addTargetMutex('node', ['cluster', 'node']), refused);
    expect(message).toContain('the values of parameter "cluster" may contain "_"');
    expect(message).not.toContain('parameter "node"');

    const name = targetMutexName('node', ['cluster', 'node']);
    const key = (cluster: string, node: string) =>
      name.replace('{{workflow.parameters.cluster}}', cluster).replace('{{workflow.parameters.node}}', node);
    const target = fc.record({ cluster: fc.constantFrom('prod', 'prod-eu'), node: fc.stringMatching(/^[a_b-]{1,6}$/) });
    fc.assert(
      fc.property(target, target, (a, b) => {
        const [prefix, cluster, ...rest] = key(a.cluster, a.node).split('_');
        expect([prefix, cluster, rest.join('_')]).toEqual(['node', a.cluster, a.node]);
        if (a.cluster !== b.cluster || a.node !== b.node)
          expect(key(a.cluster, a.node)).not.toBe(key(b.cluster, b.node));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads which characters a name pattern allows, and refuses what it cannot tell', () => {
    expect([...patternAlphabet('^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$')!].sort().join('')).toBe(
      '-.0123456789abcdefghijklmnopqrstuvwxyz',
    );
    expect(patternAlphabet('^[a-z]{2}(-[a-z]+)+-\\d$')!.has('_')).toBe(false);
    expect(patternAlphabet('[a-z]+')).toBeUndefined();
    expect(patternAlphabet('^a|b$')).toBeUndefined();
    expect(patternAlphabet('^\\w+$')).toBeUndefined();
    expect(patternAlphabet('^[^/]+$')).toBeUndefined();
    expect(patternAlphabet('^a.b$')).toBeUndefined();
  });
});
