import { readFileSync } from 'node:fs';
import { isCelError, run } from '@bufbuild/cel';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { admissionRules, type GovernedCaller } from '../../src/governance/admission.js';

/** The committed policy of the example site: the table runs what Kubernetes would run. */
const policy = parse(
  readFileSync(
    new URL('../../charts/platform/validatingadmissionpolicy-opsflow-workflow-admission.yaml', import.meta.url),
    'utf8',
  ),
) as { spec: ReturnType<typeof admissionRules> & { matchConditions: { expression: string }[] } };

const SA = (name: string) => `system:serviceaccount:opsflow:${name}`;
const TENANT = SA('opsflow-role-tenant');

/** JSON as Kubernetes CEL sees it: objects are maps, integers are ints. */
function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

/**
 * A Workflow's admission (evaluatePolicy). A role's Workflow carries its `opsflow.io/role` label, as `opsflow run`
 * sets it, unless `labelled` is false.
 */
function admit(
  spec: typeof policy.spec,
  username: string,
  workflow: object & { metadata?: { labels?: Record<string, string> } },
  labelled = true,
  operation: 'CREATE' | 'UPDATE' = 'CREATE',
): string[] | 'not governed' {
  const role = /:opsflow-role-(.+)$/.exec(username)?.[1];
  const object =
    labelled && role
      ? {
          ...workflow,
          metadata: { ...workflow.metadata, labels: { 'opsflow.io/role': role, ...workflow.metadata?.labels } },
        }
      : workflow;
  return evaluatePolicy(spec, { userInfo: { username }, operation }, { object });
}

/** Like the API server: match conditions, then the variables in order, then every validation; the failures' messages. */
function evaluatePolicy(
  spec: typeof policy.spec,
  request: object,
  objects: { object: object; oldObject?: object },
): string[] | 'not governed' {
  const bindings: Record<string, unknown> = {
    request: toCel(request),
    ...Object.fromEntries(Object.entries(objects).map(([name, value]) => [name, toCel(value)])),
  };
  const evaluate = (expression: string) => {
    const result = run(expression, bindings as never);
    if (isCelError(result)) throw new Error(`${expression}: ${result.message}`);
    return result;
  };
  if (!spec.matchConditions.every((condition) => evaluate(condition.expression) === true)) return 'not governed';
  const variables = new Map<string, unknown>();
  bindings.variables = variables;
  for (const variable of spec.variables) variables.set(variable.name, evaluate(variable.expression));
  return spec.validations.flatMap((validation) => {
    const result = run(validation.expression, bindings as never);
    if (result === true) return [];
    if (isCelError(result)) return [`error: ${validation.message}`];
    return [String(evaluate(validation.messageExpression))];
  });
}

function workflow(
  template: string,
  parameters: Record<string, string>,
  extra: { spec?: object; labels?: object; annotations?: object } = {},
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `${template}-`,
      labels: { 'workflows.argoproj.io/creator': 'alice', ...extra.labels },
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: {
      workflowTemplateRef: { name: template },
      arguments: { parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })) },
      ...extra.spec,
    },
  };
}

const restart = { cluster: 'prod-ocp', namespace: 'shop-prod', kind: 'Deployment', name: 'checkout' };
const FAN_OUT = SA('opsflow-workflow-alert-fan-out');
/** What the restart-stuck-deployment route gives openshift-workload-restart. */
const routedRestart = { ...restart, minIntervalMinutes: '30' };
/** What the pod-crashloop-runbook route gives openshift-pod-crashloop-runbook. */
const crashLoop = { cluster: 'prod-ocp', namespace: 'shop', pod: 'cart-7d4b9c-x2x4z' };

describe('the example site admission policy', () => {
  const check = (username: string, object: object) => admit(policy.spec, username, object);

  it.each([
    ['tenant restart in its namespace', TENANT, workflow('openshift-workload-restart', restart)],
    [
      'tenant restart with the reason opsflow run gives',
      TENANT,
      workflow('openshift-workload-restart', restart, {
        annotations: { 'opsflow.io/reason': 'opsflow run openshift-workload-restart' },
      }),
    ],
    [
      'tenant restart in staging',
      TENANT,
      workflow('openshift-workload-restart', { ...restart, namespace: 'shop-staging' }),
    ],
    [
      'tenant logs',
      TENANT,
      workflow('openshift-pod-logs', { cluster: 'prod-ocp', namespace: 'shop-prod', kind: 'Pod', name: 'x' }),
    ],
    [
      'tenant cronjob trigger without jobName',
      TENANT,
      workflow('openshift-trigger-cronjob', { cluster: 'local', namespace: 'shop-prod', cronJob: 'nightly' }),
    ],
    [
      'operator deleting anywhere',
      SA('opsflow-role-operator'),
      workflow('openshift-workload-delete', { ...restart, namespace: 'kube-system', kind: 'Pod' }),
    ],
    [
      'the sensor running its action',
      SA('ironic-node-sync-sensor'),
      workflow('nautobot-device-sync', { node: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123' }),
    ],
    [
      'the sensor naming its event',
      SA('ironic-node-sync-sensor'),
      workflow(
        'nautobot-device-sync',
        { node: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123' },
        { annotations: { 'opsflow.io/event': 'openstack-ironic/notifications 7c3d' } },
      ),
    ],
    [
      'the fan-out naming the alert',
      FAN_OUT,
      workflow(
        'openshift-workload-restart',
        { ...routedRestart },
        { annotations: { 'opsflow.io/event': 'r {}:{} f t' } },
      ),
    ],
    [
      'the sensor sending a dead letter',
      SA('ironic-node-sync-sensor'),
      workflow('opsflow-dead-letter', { sensor: 's', trigger: 't', workflowTemplate: 'w', event: '{}' }),
    ],
    [
      'the alert-routes sensor starting a fan-out',
      SA('alert-routes-sensor'),
      workflow('opsflow-alert-fan-out', { runs: '[]', groupKey: '{}:{}' }),
    ],
    ['the fan-out starting a routed restart', FAN_OUT, workflow('openshift-workload-restart', { ...routedRestart })],
    ['the fan-out starting the crash-loop runbook', FAN_OUT, workflow('openshift-pod-crashloop-runbook', crashLoop)],
    [
      'the fan-out starting the hypervisor-down runbook',
      FAN_OUT,
      workflow('openstack-hypervisor-down-runbook', { host: 'compute-17.example.net' }),
    ],
  ])('admits %s', (_case, username, object) => {
    expect(check(username, object)).toEqual([]);
  });

  it('leaves other callers (Argo CD, the workflow controller for CronWorkflows) to RBAC', () => {
    expect(check('system:serviceaccount:argo:argo-workflow-controller', workflow('aws-rds-reboot', {}))).toBe(
      'not governed',
    );
  });

  const rule =
    'opsflow rule tenant/openshift-workload-restart/namespace: role tenant runs openshift-workload-restart only with namespace matching ^(?:shop-(prod|staging))$';
  it.each([
    ['an unanchored match', { ...restart, namespace: 'shop-prod-evil' }, `${rule}, got "shop-prod-evil"`],
    ['a prefix before the pattern', { ...restart, namespace: 'evil-shop-prod' }, `${rule}, got "evil-shop-prod"`],
    ['a case trick', { ...restart, namespace: 'Shop-Prod' }, `${rule}, got "Shop-Prod"`],
    [
      'a missing constrained parameter',
      { cluster: 'prod-ocp', kind: 'Deployment', name: 'x' },
      `${rule}, and it is missing`,
    ],
    [
      'a kind outside the enum',
      { ...restart, kind: 'DaemonSet' },
      'opsflow rule tenant/openshift-workload-restart/kind: role tenant runs openshift-workload-restart only with kind in Deployment, StatefulSet, got "DaemonSet"',
    ],
    [
      'an extra parameter',
      { ...restart, image: 'evil' },
      'opsflow rule known-parameters: parameter image is not a parameter of openshift-workload-restart',
    ],
  ])('refuses a tenant restart with %s', (_case, parameters, message) => {
    expect(check(TENANT, workflow('openshift-workload-restart', parameters))).toEqual([message]);
  });

  it('refuses a parameter the role must leave to the template default', () => {
    const object = workflow('openshift-trigger-cronjob', {
      cluster: 'local',
      namespace: 'shop-prod',
      cronJob: 'n',
      jobName: 'x',
    });
    expect(check(TENANT, object)).toEqual([
      'opsflow rule tenant/openshift-trigger-cronjob/jobName: role tenant may not set jobName of openshift-trigger-cronjob',
    ]);
  });

  it('refuses a role Workflow without its role label, or with another role (the run-limit guard reads it)', () => {
    const message =
      'opsflow rule role-label: role tenant labels its Workflows opsflow.io/role=tenant (argo submit -l opsflow.io/role=tenant; opsflow run sets it)';
    const logs = { cluster: 'prod-ocp', namespace: 'shop-prod', kind: 'Pod', name: 'x' };
    expect(admit(policy.spec, TENANT, workflow('openshift-pod-logs', logs), false)).toEqual([message]);
    const posing = workflow('openshift-pod-logs', logs, { labels: { 'opsflow.io/role': 'operator' } });
    expect(admit(policy.spec, TENANT, posing)).toEqual([message]);
  });

  it('refuses an action the role may not run, and what a sensor does not name', () => {
    expect(check(TENANT, workflow('openshift-workload-delete', restart))).toEqual([
      'opsflow rule template: role tenant may not run openshift-workload-delete',
    ]);
    expect(check(SA('ironic-node-sync-sensor'), workflow('aws-rds-reboot', {}))).toEqual([
      'opsflow rule template: automation ironic-node-sync may not run aws-rds-reboot',
    ]);
  });

  it('lets the alert fan-out start only what a route would: its templates, label values matching, constants as given', () => {
    expect(check(FAN_OUT, workflow('aws-rds-reboot', {}))).toEqual([
      'opsflow rule template: alert fan-out may not run aws-rds-reboot',
    ]);
    expect(check(FAN_OUT, workflow('openshift-workload-restart', { ...routedRestart, namespace: 'shop;x' }))).toEqual([
      'opsflow rule fan-out/openshift-workload-restart/namespace: alert fan-out runs openshift-workload-restart only with namespace matching ^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?)$, got "shop;x"',
    ]);
    expect(
      check(FAN_OUT, workflow('openshift-workload-restart', { ...routedRestart, minIntervalMinutes: '0' })),
    ).toEqual([
      'opsflow rule fan-out/openshift-workload-restart/minIntervalMinutes: alert fan-out runs openshift-workload-restart only with minIntervalMinutes matching ^(?:30)$, got "0"',
    ]);
    expect(check(FAN_OUT, workflow('openshift-workload-restart', { ...routedRestart, dryRun: 'true' }))).toEqual([
      'opsflow rule fan-out/openshift-workload-restart/dryRun: alert fan-out may not set dryRun of openshift-workload-restart',
    ]);
  });

  it("refuses the fan-out a runbook child whose label value fails the route's pattern, or that sets a default", () => {
    expect(check(FAN_OUT, workflow('openshift-pod-crashloop-runbook', { ...crashLoop, pod: 'Cart_1' }))).toEqual([
      'opsflow rule fan-out/openshift-pod-crashloop-runbook/pod: alert fan-out runs openshift-pod-crashloop-runbook only with pod matching ^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$, got "Cart_1"',
    ]);
    expect(check(FAN_OUT, workflow('openstack-hypervisor-down-runbook', { host: '-compute-17' }))).toEqual([
      'opsflow rule fan-out/openstack-hypervisor-down-runbook/host: alert fan-out runs openstack-hypervisor-down-runbook only with host matching ^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,254})$, got "-compute-17"',
    ]);
    expect(
      check(
        FAN_OUT,
        workflow('openstack-hypervisor-down-runbook', { host: 'compute-17', approval: 'false', window: '1d' }),
      ),
    ).toEqual([
      'opsflow rule fan-out/openstack-hypervisor-down-runbook/window: alert fan-out may not set window of openstack-hypervisor-down-runbook',
      'opsflow rule fan-out/openstack-hypervisor-down-runbook/approval: alert fan-out may not set approval of openstack-hypervisor-down-runbook',
    ]);
  });

  it("checks the fan-out's updates too (kubectl apply patches a run that exists), and leaves other updates to RBAC", () => {
    const stopped = workflow('openshift-workload-restart', routedRestart, { spec: { shutdown: 'Stop' } });
    expect(admit(policy.spec, FAN_OUT, stopped, true, 'UPDATE')).toEqual([
      'opsflow rule spec-fields: spec.shutdown may not be set; only workflowTemplateRef and arguments',
    ]);
    expect(admit(policy.spec, FAN_OUT, workflow('openshift-workload-restart', routedRestart), true, 'UPDATE')).toEqual(
      [],
    );
    // `opsflow stop` as a role patches spec.shutdown: not this policy's business.
    expect(admit(policy.spec, SA('opsflow-role-operator'), stopped, true, 'UPDATE')).toBe('not governed');
  });

  it.each([
    [
      'inline templates',
      { templates: [{ name: 'x', container: { image: 'evil' } }] },
      'opsflow rule spec-fields: spec.templates may not be set; only workflowTemplateRef and arguments',
    ],
    [
      'podSpecPatch',
      { podSpecPatch: '{}' },
      'opsflow rule spec-fields: spec.podSpecPatch may not be set; only workflowTemplateRef and arguments',
    ],
    [
      'another ServiceAccount',
      { serviceAccountName: 'admin' },
      'opsflow rule spec-fields: spec.serviceAccountName may not be set; only workflowTemplateRef and arguments',
    ],
    [
      'an entrypoint skipping the approval (Strict allows it)',
      { entrypoint: 'run' },
      'opsflow rule spec-fields: spec.entrypoint may not be set; only workflowTemplateRef and arguments',
    ],
    [
      'a ClusterWorkflowTemplate of the same name',
      { workflowTemplateRef: { name: 'openshift-pod-logs', clusterScope: true } },
      'opsflow rule template-ref: spec.workflowTemplateRef.clusterScope may not be set',
    ],
  ])('refuses %s', (_case, spec, message) => {
    const object = workflow(
      'openshift-pod-logs',
      { cluster: 'prod-ocp', namespace: 'shop-prod', kind: 'Pod', name: 'x' },
      { spec },
    );
    expect(check(TENANT, object)).toEqual([message]);
  });

  it('refuses parameters given twice or taken from elsewhere', () => {
    const twice = workflow('openshift-workload-restart', restart);
    twice.spec.arguments.parameters.push({ name: 'namespace', value: 'kube-system' });
    expect(check(TENANT, twice)).toContain('opsflow rule unique-parameters: parameter namespace is given twice');
    const valueFrom = workflow('openshift-pod-logs', {});
    (valueFrom.spec.arguments.parameters as object[]).push({
      name: 'namespace',
      valueFrom: { configMapKeyRef: { name: 'x', key: 'y' } },
    });
    expect(check(TENANT, valueFrom)[0]).toBe(
      'opsflow rule parameter-fields: every parameter takes exactly a name and a string value (no valueFrom, no default, no enum)',
    );
  });
});

describe('self', () => {
  const callers: GovernedCaller[] = [
    { username: TENANT, who: 'role tenant', templates: new Map([['keystone-role-assign', { user: 'self' }]]) },
  ];
  const rules = admissionRules(callers, new Map([['keystone-role-assign', ['user', 'project']]]));
  const spec = { ...rules, matchConditions: [rules.matchCondition] };
  const message =
    'opsflow rule tenant/keystone-role-assign/user: role tenant runs keystone-role-assign only with user = the caller (alice)';

  it('admits the caller naming themself, exactly', () => {
    expect(admit(spec, TENANT, workflow('keystone-role-assign', { user: 'alice', project: 'p' }))).toEqual([]);
  });

  it.each([
    ['someone else', 'bob', `${message}, got "bob"`],
    ['a case trick', 'Alice', `${message}, got "Alice"`],
    ['a longer name', 'alice2', `${message}, got "alice2"`],
  ])('refuses %s', (_case, user, expected) => {
    expect(admit(spec, TENANT, workflow('keystone-role-assign', { user, project: 'p' }))).toEqual([expected]);
  });

  it('refuses when Argo Server set no creator label', () => {
    const object = workflow(
      'keystone-role-assign',
      { user: '', project: 'p' },
      { labels: { 'workflows.argoproj.io/creator': '' } },
    );
    expect(admit(spec, TENANT, object)).toEqual([
      'opsflow rule tenant/keystone-role-assign/user: role tenant runs keystone-role-assign only with user = the caller (), got ""',
    ]);
  });
});

/** The committed policy on Workflow updates: who may decide an approval, and what a decision may change. */
const decisions = parse(
  readFileSync(
    new URL('../../charts/platform/validatingadmissionpolicy-opsflow-workflow-decisions.yaml', import.meta.url),
    'utf8',
  ),
) as { spec: ReturnType<typeof admissionRules> & { matchConditions: { expression: string }[] } };

describe('the example site policy on Workflow updates (decisions)', () => {
  const APPROVER = SA('opsflow-role-approver');
  const dump = (labels: Record<string, string> = {}, spec: object = {}) => ({
    ...workflow('openshift-java-heap-dump', { cluster: 'prod-ocp', namespace: 'shop-prod', pod: 'x' }, { spec }),
    metadata: {
      name: 'dump-1',
      labels: { 'workflows.argoproj.io/creator': 'tina', 'opsflow.io/role': 'tenant', ...labels },
    },
  });
  /** Argo Server's resume: the same Workflow with the caller's actor labels. */
  const resumedBy = (actor: string) =>
    dump({ 'workflows.argoproj.io/actor': actor, 'workflows.argoproj.io/action': 'Resume' });
  const decide = (username: string, before: object, after: object) => update(decisions.spec, username, before, after);

  it("admits an approver's resume of a tenant's heap dump", () => {
    expect(decide(APPROVER, dump(), resumedBy('alice'))).toEqual([]);
  });

  it('refuses a role the run does not name as approver, naming the role, the action, the requester and who decides', () => {
    expect(decide(SA('opsflow-role-operator'), dump(), resumedBy('olga'))).toEqual([
      'opsflow rule decision-role: role operator may not decide runs of openshift-java-heap-dump started by role tenant: their approvers are role approver',
    ]);
  });

  it('refuses a decision on a run that waits for no approval of that role', () => {
    const operatorRun = dump({ 'opsflow.io/role': 'operator' });
    expect(decide(APPROVER, operatorRun, { ...operatorRun })).toEqual([
      'opsflow rule decision-role: role approver may not decide runs of openshift-java-heap-dump started by role operator: they wait for no approval of this role',
    ]);
  });

  it('refuses an update that changes more than a decision does', () => {
    expect(decide(APPROVER, dump(), dump({ 'opsflow.io/role': 'operator' }))).toEqual([
      'opsflow rule decision-labels: label opsflow.io/role may not be changed: a decision changes only the actor labels Argo Server sets',
    ]);
    expect(decide(APPROVER, dump(), dump({ 'workflows.argoproj.io/creator': 'alice' }))).toEqual([
      'opsflow rule decision-labels: label workflows.argoproj.io/creator may not be changed: a decision changes only the actor labels Argo Server sets',
    ]);
    expect(decide(APPROVER, dump(), dump({ 'opsflow.io/approval': 'approved' }))).toEqual([
      'opsflow rule decision-labels: label opsflow.io/approval may not be changed: a decision changes only the actor labels Argo Server sets',
    ]);
    expect(decide(APPROVER, dump(), dump({}, { entrypoint: 'run' }))).toEqual([
      'opsflow rule decision-spec: a decision changes only spec.suspend and spec.shutdown',
    ]);
    const recorded = { ...dump(), metadata: { ...dump().metadata, annotations: { 'opsflow.io/approval': '{}' } } };
    const rewritten = {
      ...recorded,
      metadata: { ...recorded.metadata, annotations: { 'opsflow.io/approval': '{"x":1}' } },
    };
    expect(decide(APPROVER, recorded, rewritten)).toEqual([
      'opsflow rule decision-record: annotation opsflow.io/approval is the record of the approval check and may not be changed',
    ]);
  });

  it("admits an approver's decision of a runbook's run, and refuses another role's", () => {
    const runbookRun = {
      ...workflow('openshift-pod-crashloop-runbook', { cluster: 'prod-ocp', namespace: 'shop', pod: 'x' }),
      metadata: { name: 'crash-1', labels: { 'workflows.argoproj.io/creator': 'olga', 'opsflow.io/role': 'operator' } },
    };
    const resumed = {
      ...runbookRun,
      metadata: {
        ...runbookRun.metadata,
        labels: {
          ...runbookRun.metadata.labels,
          'workflows.argoproj.io/actor': 'alice',
          'workflows.argoproj.io/action': 'Resume',
        },
      },
    };
    expect(decide(APPROVER, runbookRun, resumed)).toEqual([]);
    expect(decide(SA('opsflow-role-operator'), runbookRun, resumed)).toEqual([
      'opsflow rule decision-role: role operator may not decide runs of openshift-pod-crashloop-runbook started by role operator: their approvers are role approver',
    ]);
  });

  it("admits an approver's decision of a runbook run the alert fan-out started (no role, no creator label)", () => {
    const routed = {
      ...workflow('openstack-hypervisor-down-runbook', { host: 'compute-17' }),
      metadata: {
        name: 'openstack-hypervisor-down-runbook-0123456789abcdef0123',
        labels: { 'opsflow.io/automation': 'alert-routes', 'opsflow.io/alert-route': 'hypervisor-down-runbook' },
      },
    };
    const resumed = {
      ...routed,
      metadata: {
        ...routed.metadata,
        labels: {
          ...routed.metadata.labels,
          'workflows.argoproj.io/actor': 'alice',
          'workflows.argoproj.io/action': 'Resume',
        },
      },
    };
    expect(decide(APPROVER, routed, resumed)).toEqual([]);
  });

  it('admits what Argo Server changes on a stop: the actor labels and spec.shutdown', () => {
    const stopped = dump(
      { 'workflows.argoproj.io/actor': 'alice', 'workflows.argoproj.io/action': 'Stop' },
      { shutdown: 'Stop' },
    );
    expect(decide(APPROVER, dump(), stopped)).toEqual([]);
  });

  it("refuses a role's Workflow carrying an automation's event (a forged why)", () => {
    const forged = workflow('openshift-workload-restart', restart, {
      annotations: { 'opsflow.io/event': 'alertmanager/alerts 7b0c3e5a', 'opsflow.io/reason': 'outage' },
    });
    expect(admit(policy.spec, TENANT, forged)).toEqual([
      'opsflow rule event-annotation: role tenant may not set annotation opsflow.io/event: it records the event that made an automation start a run',
    ]);
  });

  it("refuses, at creation, a Workflow carrying a decision's record (a forged approval)", () => {
    const forged = workflow(
      'openshift-java-heap-dump',
      { cluster: 'prod-ocp', namespace: 'shop-prod', pod: 'x' },
      { labels: { 'workflows.argoproj.io/actor': 'alice' } },
    );
    expect(admit(policy.spec, TENANT, forged)).toEqual([
      'opsflow rule record-labels: label workflows.argoproj.io/actor is the record of a decision: Argo Server and the approval check set it, a submission may not',
    ]);
  });
});

/** An UPDATE as the API server evaluates it: `oldObject` and `object`. */
function update(
  spec: typeof policy.spec,
  username: string,
  oldObject: object,
  object: object,
): string[] | 'not governed' {
  return evaluatePolicy(spec, { userInfo: { username } }, { object, oldObject });
}
