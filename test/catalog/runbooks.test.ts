import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { z } from 'zod';
import { novaComputeServiceShow } from '../../src/catalog/actions/nova-compute-service-show.js';
import { openstackHypervisorMaintenance } from '../../src/catalog/composites/openstack-hypervisor-maintenance.js';
import * as catalog from '../../src/catalog/index.js';
import { defineRunbook } from '../../src/catalog/runbook.js';
import { runbooks } from '../../src/catalog/runbooks/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { runbookWorkflowTemplate } from '../../src/charts/runbook-template.js';
import { SemaphoreConfigMap } from '../../src/constructs/platform/semaphores.js';
import { retryWindow } from '../../src/constructs/workflows/retry-window.js';
import { RunbookReportInput } from '../../src/steps/notify/inputs.js';
import { renderReport, suggest } from '../../src/steps/notify/run/runbook-report.js';
import { synthesizeObjects } from '../../src/synth/render.js';
import { type Invocation, type Outcome, runDag, runExit } from './dag-model.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

const site = loadSite(exampleSite);
const objects = synthesizeObjects(buildApp(site, catalog)) as Any[];
const templateOf = (name: string): Any =>
  objects.find((object) => object.kind === 'WorkflowTemplate' && object.metadata.name === name);
const namesDoc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'catalog-names.md'), 'utf8');
const sequence = (run: ReturnType<typeof runDag>) => run.invocations.map((call) => `${call.task}: ${call.command}`);
const argsOf = (run: ReturnType<typeof runDag>, task: string) =>
  run.invocations.find((c) => c.task === task)?.arguments;

/** The report task runs the report step's own logic on the arguments the DAG hands it. */
function reportOutcome(invocation: Invocation): Outcome {
  const input = RunbookReportInput.parse({
    title: invocation.arguments.title,
    diagnoses: JSON.parse(invocation.arguments.diagnoses!),
    suggestions: JSON.parse(invocation.arguments.suggestions!),
  });
  const suggestion = suggest(input.diagnoses, input.suggestions);
  const report = renderReport(input.title, input.diagnoses, suggestion);
  return { phase: 'Succeeded', outputs: { report, ...suggestion, result: '{"outcome":"unchanged"}' } };
}

/** The approval gate's verdicts (test/governance/approval-templates.test.ts runs the gate itself). */
const APPROVED: Outcome = { phase: 'Succeeded' };
const REJECTED: Outcome = { phase: 'Failed' };
/** `suspend.duration` passed: the controller resumes the node by itself, and the gate's check rejects. */
const TIMED_OUT: Outcome = { phase: 'Failed' };

function outcomes(table: Record<string, Outcome>) {
  return (task: string, invocation: Invocation): Outcome =>
    task === 'report' ? reportOutcome(invocation) : (table[task] ?? { phase: 'Succeeded' });
}

describe('openshift-pod-crashloop-runbook (KubePodCrashLooping)', () => {
  const template = templateOf('openshift-pod-crashloop-runbook');
  const alert = { cluster: 'prod-ocp', namespace: 'shop', pod: 'checkout-5d9c-x2x4z' };
  const oom = {
    podState: {
      phase: 'Succeeded',
      outputs: {
        phase: 'Running',
        lastTermination: 'app: Error, exit 3',
        logTail: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space\n',
      },
    },
    rollout: { phase: 'Succeeded', outputs: { kind: 'Deployment', name: 'checkout', status: 'Waiting...' } },
  } satisfies Record<string, Outcome>;
  const crash = { ...oom, podState: { phase: 'Succeeded', outputs: { logTail: 'panic: nil map\n' } } } as const;
  const run = (table: Record<string, Outcome>, parameters: Record<string, string> = {}) =>
    runDag(template.spec, { ...alert, ...parameters }, outcomes(table));

  it('its parameters are the alert labels; the diagnoses run first, in parallel, each bound by its own deadline', () => {
    expect(template.spec.arguments.parameters.map((p: Any) => [p.name, p.value])).toEqual([
      ['cluster', undefined],
      ['namespace', undefined],
      ['pod', undefined],
      ['dryRun', 'false'],
    ]);
    const tasks: Any[] = template.spec.templates.find((t: Any) => t.name === 'main').dag.tasks;
    const diagnoses = tasks.filter((task) => !task.depends);
    expect(diagnoses.map((task) => [task.name, task.continueOn])).toEqual([
      ['podState', { failed: true, error: true }],
      ['rollout', { failed: true, error: true }],
      ['node', { failed: true, error: true }],
      ['logs', { failed: true, error: true }],
    ]);
    // Two attempts (one retry of exit 75) whose deadlines and backoff fit the diagnosis' own deadline.
    const bound = (name: string) => {
      const t = template.spec.templates.find((candidate: Any) => candidate.name === name);
      const window = retryWindow(t)!;
      return [t.container.command.join(' '), window.attempts, window.seconds];
    };
    expect(diagnoses.map((task) => bound(task.template))).toEqual([
      ['opsflow-step kubernetes pod-status', 2, 120],
      ['opsflow-step kubernetes rollout-status', 2, 120],
      ['opsflow-step kubernetes node-conditions', 2, 120],
      ['opsflow-step kubernetes pod-logs', 2, 180],
    ]);
    expect(tasks.find((task) => task.name === 'report').depends).toBe('podState && rollout && node && logs');
    // The approval gate: any approver but the requester, within 30 minutes; its suspend node is the `approval`
    // template `opsflow approve` looks for, then the check records the verdict.
    const decision = tasks.find((task) => task.name === 'decision');
    expect(decision.template).toBe('approval-gate');
    expect(decision.arguments.parameters).toEqual([
      { name: 'timeout', value: '30m' },
      { name: 'terms', value: '{"by":["approver"],"selfApproval":false}' },
    ]);
    const gate = template.spec.templates.find((t: Any) => t.name === 'approval-gate');
    expect(gate.steps.map((group: Any[]) => group.map((step) => step.template))).toEqual([
      ['approval'],
      ['approval-check'],
    ]);
    expect(template.spec.templates.find((t: Any) => t.name === 'approval').suspend).toEqual({
      duration: '{{inputs.parameters.timeout}}',
    });
    // The check reads and labels its Workflow with the runbook's one ServiceAccount.
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === template.spec.serviceAccountName);
    expect(role.rules).toContainEqual({
      apiGroups: ['argoproj.io'],
      resources: ['workflows'],
      verbs: ['get', 'patch'],
    });
    expect(template.spec.synchronization.mutexes).toEqual([
      {
        name: 'kubernetes-pod_{{workflow.parameters.cluster}}_{{workflow.parameters.namespace}}_{{workflow.parameters.pod}}',
      },
    ]);
  });

  it('a java.lang.OutOfMemoryError in the crashed log: report, approval, heap dump of the pod; the outcome is told', () => {
    const done = run({ ...oom, decision: APPROVED });
    expect(sequence(done)).toEqual([
      'podState: kubernetes pod-status',
      'rollout: kubernetes rollout-status',
      'node: kubernetes node-conditions',
      'logs: kubernetes pod-logs',
      'report: notify runbook-report',
      'notifyReport: notify send',
      'decision: suspend',
      'heapDump: kubernetes java-heap-dump',
    ]);
    expect(done.phases.restart).toBe('Skipped');
    expect(argsOf(done, 'heapDump')).toMatchObject({ ...alert, dryRun: 'false' });
    const notice = argsOf(done, 'notifyReport')!;
    expect(notice).toMatchObject({
      via: 'slack',
      to: '["C0OPS"]',
      subject: 'KubePodCrashLooping: suggested ${remediation}',
    });
    const vars = JSON.parse(notice.vars!);
    expect(vars.remediation).toBe('heapDump');
    expect(vars.report).toContain('KubePodCrashLooping: Pod shop/checkout-5d9c-x2x4z on prod-ocp\n');
    expect(vars.report).toContain(
      'Suggested remediation: `heapDump`, because the crashed log shows java.lang.OutOfMemoryError',
    );
    expect(done.workflowPhase).toBe('Succeeded');

    const exit = runExit(template.spec, alert, done);
    expect(exit.subject).toBe('KubePodCrashLooping runbook: ${status}');
    expect(JSON.parse(exit.vars!)).toMatchObject({ status: 'Succeeded', remediation: 'heapDump' });
  });

  it('a crash without an OutOfMemoryError: restart of the Deployment the rollout diagnosis found', () => {
    const done = run({
      ...crash,
      decision: APPROVED,
      restart: { phase: 'Succeeded', outputs: { result: 'restarted' } },
    });
    expect(done.phases.heapDump).toBe('Skipped');
    expect(argsOf(done, 'restart')).toMatchObject({
      cluster: 'prod-ocp',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'checkout',
      dryRun: 'false',
    });
    expect(JSON.parse(runExit(template.spec, alert, done).vars!).remediated).toBe('restarted');
  });

  it('a diagnosis that fails or passes its deadline still yields the report, which says so', () => {
    const done = run({ ...crash, podState: { phase: 'Failed' }, logs: { phase: 'Failed' }, decision: APPROVED });
    expect(done.phases.report).toBe('Succeeded');
    const diagnoses = JSON.parse(argsOf(done, 'report')!.diagnoses!);
    expect(diagnoses.map((d: Any) => [d.name, d.phase])).toEqual([
      ['podState', 'Failed'],
      ['rollout', 'Succeeded'],
      ['node', 'Succeeded'],
      ['logs', 'Failed'],
    ]);
    const report = JSON.parse(argsOf(done, 'notifyReport')!.vars!).report;
    expect(report).toContain('- Pod state, restarts and events (`podState`): Failed: no finding from it');
    expect(done.phases.restart).toBe('Succeeded');
    expect(done.workflowPhase).toBe('Succeeded');
  });

  it('a rejection fails the decision: no remediation runs, the run fails and the notice says none ran', () => {
    const done = run({ ...oom, decision: REJECTED });
    expect([done.phases.heapDump, done.phases.restart]).toEqual(['Omitted', 'Omitted']);
    expect(done.workflowPhase).toBe('Failed');
    expect(JSON.parse(runExit(template.spec, alert, done).vars!)).toMatchObject({
      status: 'Failed',
      remediation: 'heapDump',
      remediated: 'none',
    });
  });

  it('no decision within 30 minutes rejects: the run fails at the decision, nothing is remediated', () => {
    const done = run({ ...oom, decision: TIMED_OUT });
    expect(done.phases.decision).toBe('Failed');
    expect([done.phases.heapDump, done.phases.restart]).toEqual(['Omitted', 'Omitted']);
    expect(done.invocations.some((call) => call.command.includes('java-heap-dump'))).toBe(false);
    expect(done.workflowPhase).toBe('Failed');
    expect(JSON.parse(runExit(template.spec, alert, done).vars!)).toMatchObject({
      status: 'Failed',
      remediation: 'heapDump',
      remediated: 'none',
    });
  });

  it('a failed remediation fails the run; the notice says Failed with what the remediation reported', () => {
    const failed = { phase: 'Failed', outputs: { result: '{"message":"no JVM in the container"}' } } as const;
    const done = run({ ...oom, decision: APPROVED, heapDump: failed });
    expect(done.workflowPhase).toBe('Failed');
    expect(JSON.parse(runExit(template.spec, alert, done).vars!)).toMatchObject({
      status: 'Failed',
      remediated: '{"message":"no JVM in the container"}',
    });
  });

  it('nothing suggested (no workload, no OOM): no decision is asked, nothing runs', () => {
    const done = run({ ...crash, rollout: { phase: 'Succeeded', outputs: { kind: '', name: '' } } });
    expect(done.phases.decision).toBe('Skipped');
    expect([done.phases.heapDump, done.phases.restart]).toEqual(['Omitted', 'Omitted']);
    expect(JSON.parse(argsOf(done, 'notifyReport')!.vars!).remediation).toBe('none');
  });

  it('dryRun=true reaches the remediation', () => {
    const done = run({ ...crash, decision: APPROVED }, { dryRun: 'true' });
    expect(argsOf(done, 'restart')!.dryRun).toBe('true');
  });
});

describe('openstack-hypervisor-down-runbook (NovaHypervisorDown)', () => {
  const template = templateOf('openstack-hypervisor-down-runbook');
  const down = {
    computeService: { phase: 'Succeeded', outputs: { state: 'down', status: 'enabled', disabledReason: '' } },
    hostServers: { phase: 'Succeeded', outputs: { servers: '[{"id":"a"}]', projectIds: '["p1"]' } },
    ironicNode: { phase: 'Succeeded', outputs: { provisionState: 'active', powerState: 'power off' } },
    'maintenance.servers': { phase: 'Succeeded', outputs: { projectIds: '["p1"]' } },
    'maintenance.contacts': { phase: 'Succeeded', outputs: { emails: '["a@example.com"]' } },
    'maintenance.drain': { phase: 'Succeeded', outputs: { report: '{"moved":["a"],"notMoved":[]}' } },
  } satisfies Record<string, Outcome>;
  const run = (table: Record<string, Outcome>) => runDag(template.spec, { host: 'compute-17' }, outcomes(table));

  it('the alert`s host alone starts it; the diagnoses read Nova and Ironic within their deadlines', () => {
    const required = template.spec.arguments.parameters.filter((p: Any) => p.value === undefined);
    expect(required.map((p: Any) => p.name)).toEqual(['host']);
    const done = run({ ...down, decision: TIMED_OUT });
    expect(sequence(done).slice(0, 3)).toEqual([
      'computeService: openstack compute-service-show',
      'hostServers: openstack servers-on-host',
      'ironicNode: openstack node-show',
    ]);
    expect(argsOf(done, 'ironicNode')).toEqual({ node: 'compute-17' });
  });

  it('a down nova-compute: suggests the maintenance, which runs on approval with the runbook`s parameters', () => {
    const done = run({ ...down, decision: APPROVED });
    expect(sequence(done).slice(3)).toEqual([
      'report: notify runbook-report',
      'notifyReport: notify send',
      'decision: suspend',
      'maintenance.silence: alertmanager silence-create',
      'maintenance.disable: openstack service-disable',
      'maintenance.servers: openstack servers-on-host',
      'maintenance.contacts: openstack project-contacts',
      'maintenance.notifyOwners: notify send',
      'maintenance.notifyOperators: notify send',
      'maintenance.drain: openstack hypervisor-drain',
    ]);
    // The maintenance's own approval parameter defaults to false: the runbook's decision is the one asked.
    expect(done.phases['maintenance.approval']).toBe('Skipped');
    // Had it been asked, it would go through the same gate, the template's one.
    const inner = template.spec.templates.find((t: Any) => t.name === 'maintenance').dag.tasks;
    expect(inner.find((task: Any) => task.name === 'approval').template).toBe('approval-gate');
    expect(template.spec.templates.filter((t: Any) => t.name.startsWith('approval')).map((t: Any) => t.name)).toEqual([
      'approval-gate',
      'approval',
      'approval-check',
    ]);
    expect(argsOf(done, 'maintenance.disable')).toEqual({
      host: 'compute-17',
      reason: 'NovaHypervisorDown: nova-compute is down',
      dryRun: 'false',
    });
    expect(JSON.parse(runExit(template.spec, { host: 'compute-17' }, done).vars!)).toMatchObject({
      status: 'Succeeded',
      remediation: 'maintenance',
      remediated: '{"moved":["a"],"notMoved":[]}',
    });
    expect(template.spec.synchronization.mutexes).toEqual([{ name: 'nova-compute-host_{{workflow.parameters.host}}' }]);
  });

  it('an incomplete drain fails the run; an up service suggests nothing', () => {
    const failed = run({ ...down, decision: APPROVED, 'maintenance.drain': { phase: 'Failed' } });
    expect(failed.phases.maintenance).toBe('Failed');
    expect(failed.workflowPhase).toBe('Failed');

    const up = run({ ...down, computeService: { phase: 'Succeeded', outputs: { state: 'up', status: 'enabled' } } });
    expect(up.phases.decision).toBe('Skipped');
    expect(up.phases.maintenance).toBe('Omitted');
  });
});

describe('every runbook', () => {
  it.each(runbooks.map((runbook) => [runbook.name]))(
    '%s: a row in the names table and the argo submit line',
    (name) => {
      expect(namesDoc).toContain(`| \`${name}\` (runbook) |`);
      const description: string = templateOf(name).metadata.annotations['workflows.argoproj.io/description'];
      expect(description).toContain(`argo submit --from workflowtemplate/${name}`);
    },
  );

  it.each(runbooks.map((runbook) => [runbook.name, runbook]))(
    '%s: each alert label is a required parameter',
    (_n, runbook) => {
      const parameters = templateOf(runbook.name).spec.arguments.parameters;
      for (const label of runbook.alert.labels) {
        expect(parameters.find((p: Any) => p.name === label)).toMatchObject({ name: label });
        expect(parameters.find((p: Any) => p.name === label).value).toBeUndefined();
      }
    },
  );
});

describe('the runbook mechanism', () => {
  const build = (overrides: Record<string, unknown>) => {
    const chart = Testing.chart();
    const runbook = defineRunbook({
      name: 'bad-runbook',
      title: 't',
      description: 'd',
      alert: { name: 'NovaHypervisorDown', labels: ['host'] },
      input: z.strictObject({ host: z.string().describe('h') }),
      target: 'h',
      diagnoses: [
        { name: 'service', title: 's', action: novaComputeServiceShow, arguments: { host: 'x' }, deadlineSeconds: 60 },
      ],
      suggestions: [],
      remediations: [{ name: 'maintenance', composite: openstackHypervisorMaintenance, outcome: 'report' }],
      approval: { timeout: '30m' },
      ...overrides,
    });
    runbookWorkflowTemplate(chart, site, runbook, new SemaphoreConfigMap(chart, 'semaphores'));
    try {
      Testing.synth(chart);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('names, at once, an alert label with a default and suggestions naming no diagnosis, output or remediation', () => {
    const message = build({
      input: z.strictObject({ host: z.string().default('x').describe('h') }),
      remediations: [],
      suggestions: [
        { remediation: 'drain', reason: 'r', diagnosis: 'service', output: 'sate', matches: 'down' },
        { remediation: 'drain', reason: 'r', diagnosis: 'servce', output: 'state', matches: 'down' },
      ],
    });
    expect(message).toContain(
      'WorkflowTemplate bad-runbook: alert label "host" has a default: a run without it must be refused',
    );
    expect(message).toContain(
      'suggestions[0]: diagnosis "service" has no output "sate" (it has state, status, disabledReason, result)',
    );
    expect(message).toContain('suggestions[0]: remediation "drain" is not one of the runbook\'s');
    expect(message).toContain('suggestions[1]: diagnosis "servce" is not one of the runbook\'s');
  });

  it('a diagnosis deadline too short for two attempts is refused', () => {
    const diagnoses = [
      { name: 'service', title: 's', action: novaComputeServiceShow, arguments: { host: 'x' }, deadlineSeconds: 40 },
    ];
    expect(build({ diagnoses })).toContain('task "service": deadlineSeconds 40 leaves less than 20s an attempt');
  });

  it('a composite remediation needs its parameters and its lock in the runbook', () => {
    const message = build({});
    expect(message).toContain(
      'task "maintenance" runs openstack-hypervisor-maintenance, whose parameters reason, window, hostLabel, ownerRoles, concurrency, approval this one lacks',
    );
    expect(message).toContain(
      'task "maintenance" runs openstack-hypervisor-maintenance, which holds the lock nova-compute-host by host: take the same mutex',
    );
  });
});

describe('a site without approving roles', () => {
  const bare = synthesizeObjects(buildApp(loadSite({ ...exampleSite, roles: [] }), catalog)) as Any[];
  const gateOf = (name: string): Any =>
    bare
      .find((object) => object.kind === 'WorkflowTemplate' && object.metadata.name === name)
      .spec.templates.find((template: Any) => template.name === 'approval-gate');

  it('waits for a person with no timeout: nothing could tell a timed-out decision from an approval', () => {
    for (const name of ['openshift-pod-crashloop-runbook', 'openstack-hypervisor-down-runbook']) {
      const gate = gateOf(name);
      expect(gate.steps).toEqual([
        [{ name: 'decision', template: 'approval', arguments: { parameters: [{ name: 'timeout', value: '' }] } }],
      ]);
    }
  });
});
