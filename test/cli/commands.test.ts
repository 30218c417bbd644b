import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import type { Workflow } from '../../src/clients/argo/index.js';
import { targetKey } from '../../src/governance/audit.js';
import type { FakeArgoServer } from '../fakes/argo-server/server.js';
import { ALICE, committedTemplate, ENROLL, opsflow, ROOT, startFake } from './harness.js';

const RESTART = 'openshift-workload-restart';
const DONE_POD = 'restart-done-run-2909662744';

/** A finished run as the controller leaves it (labels Argo sets, a step node with outputs). */
const target = { cluster: 'prod-ocp', namespace: 'shop', name: 'checkout' };

function finishedRun(
  name: string,
  options: {
    phase?: string;
    created?: string;
    creator?: string;
    kind?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  } = {},
): Workflow {
  const created = options.created ?? '2026-01-05T09:00:00Z';
  const phase = options.phase ?? 'Succeeded';
  const finished = new Date(Date.parse(created) + 65_000).toISOString().replace('.000', '');
  return {
    metadata: {
      name,
      namespace: 'opsflow',
      uid: `uid-${name}`,
      creationTimestamp: created,
      ...(options.annotations ? { annotations: options.annotations } : {}),
      labels: {
        ...options.labels,
        'workflows.argoproj.io/workflow-template': RESTART,
        'workflows.argoproj.io/phase': phase,
        'workflows.argoproj.io/completed': 'true',
        'workflows.argoproj.io/creator': options.creator ?? 'alice-sso',
        // What the template's labelsFrom makes the controller set.
        'opsflow.io/target': targetKey({ ...target, kind: options.kind ?? 'Deployment' }),
      },
    },
    spec: {
      workflowTemplateRef: { name: RESTART },
      arguments: {
        parameters: [
          { name: 'cluster', value: target.cluster },
          { name: 'namespace', value: target.namespace },
          { name: 'kind', value: options.kind ?? 'Deployment' },
          { name: 'name', value: target.name },
        ],
      },
    },
    status: {
      phase,
      startedAt: created,
      finishedAt: finished,
      ...(phase === 'Failed' ? { message: 'Error (exit code 3)' } : {}),
      nodes: {
        [name]: { id: name, name, displayName: name, type: 'Steps', phase, startedAt: created, finishedAt: finished },
        [`${name}-run`]: {
          id: `${name}-run`,
          name: `${name}[0].run`,
          displayName: 'run',
          type: 'Pod',
          templateName: 'run',
          phase,
          startedAt: created,
          finishedAt: finished,
          outputs: { parameters: [{ name: 'restartedAt', value: '2026-01-05T09:01:00Z' }] },
        },
      },
    },
  };
}

let fake: FakeArgoServer;
beforeAll(async () => {
  fake = await startFake({
    tickMs: 0,
    archived: [finishedRun('restart-old', { created: '2026-01-01T08:00:00Z', creator: 'bob', phase: 'Failed' })],
  });
  // The controller's pod name for node `restart-done[0].run` of template `run` (pod names v2): FNV-1a 32 of the node
  // name, 2909662744, computed apart from the CLI (Python: the hash of workflow/util/pod_name.go).
  fake.addWorkflow(finishedRun('restart-done'), [
    { podName: DONE_POD, content: 'line one', time: '2026-01-05T09:00:10.123456789Z' },
    { podName: DONE_POD, content: 'line two', time: '2026-01-05T09:00:11Z' },
  ]);
  fake.addWorkflow(finishedRun('restart-failed', { phase: 'Failed', created: '2026-01-05T09:30:00Z', kind: 'Pod' }));
});
afterAll(() => fake.close());
afterEach(() => expect(fake.violations).toEqual([]));

describe('list and describe', () => {
  it('lists the actions and composites as a table, JSON and YAML', async () => {
    const table = await opsflow(fake, ['list']);
    const enrollTitle =
      'Enroll a server in Ironic: create the node and ports, manage, inspect, provide, sync to Nautobot';
    expect(table.stdout).toBe(
      `NAME                        KIND       TITLE${' '.repeat(enrollTitle.length - 3)}MUTATES  APPROVAL\n` +
        `approved-restart            action     ${'Restart an OpenShift/Kubernetes workload'.padEnd(enrollTitle.length)}  yes      yes\n` +
        `ironic-node-enroll          composite  ${enrollTitle}  yes      no\n` +
        `openshift-workload-restart  action     ${'Restart an OpenShift/Kubernetes workload'.padEnd(enrollTitle.length)}  yes      no\n`,
    );
    const json = JSON.parse((await opsflow(fake, ['list', '-o', 'json'])).stdout);
    expect(json.map((a: { name: string; kind: string }) => `${a.name} ${a.kind}`)).toEqual([
      'approved-restart action',
      `${ENROLL} composite`,
      `${RESTART} action`,
    ]);
    const yaml = parse((await opsflow(fake, ['list', '-o', 'yaml'])).stdout);
    expect(yaml[2]).toMatchObject({ name: RESTART, kind: 'action', mutates: true, approval: false });
    expect(yaml[1]).toMatchObject({ name: ENROLL, kind: 'composite', mutates: true, approval: false });
  });

  it('list and me leave out the internal templates Sensors create (labelled opsflow.io/internal); describe shows them', async () => {
    const withInternal = await startFake({
      templates: [
        committedTemplate(RESTART),
        committedTemplate('opsflow-dead-letter'),
        committedTemplate('opsflow-alert-fan-out'),
      ],
    });
    try {
      expect((await opsflow(withInternal, ['list'])).stdout.split('\n').map((line) => line.split(' ')[0])).toEqual([
        'NAME',
        RESTART,
        '',
      ]);
      const json = JSON.parse((await opsflow(withInternal, ['list', '-o', 'json'])).stdout);
      expect(json.map((a: { name: string }) => a.name)).toEqual([RESTART]);
      // Alice's ServiceAccount is no opsflow role: `me` lists the actions she can see.
      expect((await opsflow(withInternal, ['me'])).stdout).toContain(`actions:          ${RESTART}\n`);
      const me = JSON.parse((await opsflow(withInternal, ['me', '-o', 'json'])).stdout);
      expect(me.actions.map((a: { name: string }) => a.name)).toEqual([RESTART]);
      const described = await opsflow(withInternal, ['describe', 'opsflow-dead-letter', '-o', 'json']);
      expect(JSON.parse(described.stdout)).toMatchObject({
        name: 'opsflow-dead-letter',
        title: expect.stringMatching(/^Dead letter/),
      });
    } finally {
      await withInternal.close();
    }
  });

  it('describes a composite: its parameters with the types of its own schema, and its DAG of steps', async () => {
    const out = await opsflow(fake, ['describe', ENROLL]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^macs +array +yes +MAC addresses of the node's ports/m);
    expect(out.stdout).toMatch(/^timeoutSeconds +integer +no +1800 /m);
    expect(out.stdout).toMatch(/^composite: +ironic-node-enroll: Enroll a server in Ironic/m);
    expect(out.stdout).toMatch(/^locks: +ironic-node_\{\{workflow\.parameters\.name\}\}$/m);
    expect(out.stdout).toMatch(
      /^STEP +RUNS +AFTER\nenroll +openstack\/node-enroll\nmanage +openstack\/node-provision +enroll\n/m,
    );
    const json = JSON.parse((await opsflow(fake, ['describe', ENROLL, '-o', 'json'])).stdout);
    expect(json).toMatchObject({ name: ENROLL, kind: 'composite', mutates: true });
    expect(json.steps.slice(0, 2)).toEqual([
      { name: 'enroll', runs: 'openstack/node-enroll' },
      { name: 'manage', runs: 'openstack/node-provision', after: 'enroll' },
    ]);
    const yaml = parse((await opsflow(fake, ['describe', ENROLL, '-o', 'yaml'])).stdout);
    expect(yaml.parameters.find((p: { name: string }) => p.name === 'bmcProtocol')).toMatchObject({
      type: 'string',
      default: 'redfish',
      enum: ['ipmi', 'redfish'],
    });
  });

  it('describes parameters with the types of the step schema, defaults, enums, locks, limits and the deadline', async () => {
    const out = await opsflow(fake, ['describe', RESTART]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^kind +string +yes +Deployment\|StatefulSet\|DaemonSet\|Pod +Kind of the workload to restart$/m,
    );
    expect(out.stdout).toMatch(/^timeoutSeconds +integer +no +600 +How long to wait for the rollout$/m);
    expect(out.stdout).toMatch(/^limits: +opsflow-semaphores\/openshift-workload-restart$/m);
    expect(out.stdout).toMatch(/^deadline: +5h09m$/m);
    // What each role of the site may do with it (the opsflow.io/access annotation synth wrote).
    expect(out.stdout).toMatch(/^role operator: +run$/m);
    expect(out.stdout).toMatch(
      /^role tenant: +run: namespace matches shop-\(prod\|staging\); kind one of Deployment\|StatefulSet; 3 runs per 1h each$/m,
    );
    const json = JSON.parse((await opsflow(fake, ['describe', RESTART, '-o', 'json'])).stdout);
    expect(json).toMatchObject({ approval: false, mutates: true, deadlineSeconds: 18550 });
    expect(json.access.tenant.run.perCaller).toEqual({ runs: 3, window: '1h' });
    expect(json.parameters.find((p: { name: string }) => p.name === 'wait')).toEqual({
      name: 'wait',
      type: 'boolean',
      required: false,
      default: 'true',
      enum: ['true', 'false'],
      description: 'Wait until the rollout completes (or the pod is replaced)',
    });
    // An action this CLI's catalog does not know: its parameters are strings.
    const other = parse((await opsflow(fake, ['describe', 'approved-restart', '-o', 'yaml'])).stdout);
    expect(other).toMatchObject({ approval: true, locks: [expect.stringMatching(/^kubernetes-object_/)] });
    expect(other.parameters.find((p: { name: string }) => p.name === 'wait').type).toBe('string');
  });

  it('says which action does not exist (exit 3)', async () => {
    const out = await opsflow(fake, ['describe', 'nope']);
    expect(out).toEqual({
      code: 3,
      stdout: '',
      stderr: 'opsflow: not found: workflowtemplates.argoproj.io "nope" not found\n',
    });
  });
});

describe('get, history and logs', () => {
  it('gets a run: the summary, its parameters, steps and outputs', async () => {
    const out = await opsflow(fake, ['get', 'restart-done']);
    expect(out.stdout).toMatch(
      /^restart-done +openshift-workload-restart +Succeeded +2026-01-05T09:00:00Z +1m05s +alice-sso$/m,
    );
    expect(out.stdout).toMatch(/^ {2}kind +Deployment$/m);
    expect(out.stdout).toMatch(/^ {2}run +Succeeded +1m05s$/m);
    expect(out.stdout).toMatch(/^ {2}run\.restartedAt +2026-01-05T09:01:00Z$/m);
    expect(JSON.parse((await opsflow(fake, ['get', 'restart-done', '-o', 'json'])).stdout).status.phase).toBe(
      'Succeeded',
    );
    expect(parse((await opsflow(fake, ['get', 'restart-done', '-o', 'yaml'])).stdout).metadata.name).toBe(
      'restart-done',
    );
    expect((await opsflow(fake, ['get', 'gone'])).stderr).toBe(
      'opsflow: not found: workflows.argoproj.io "gone" not found\n',
    );
  });

  it('history merges live and archived runs, newest first, and filters by action, status, creator, age and target', async () => {
    const names = async (...args: string[]) =>
      JSON.parse((await opsflow(fake, ['history', '-o', 'json', ...args])).stdout).map(
        (wf: Workflow) => wf.metadata.name,
      );
    expect(await names()).toEqual(['restart-failed', 'restart-done', 'restart-old']);
    expect(await names('--status', 'Failed')).toEqual(['restart-failed', 'restart-old']);
    expect(await names('--mine')).toEqual(['restart-failed', 'restart-done']);
    expect(await names('--since', '24h')).toEqual(['restart-failed', 'restart-done']);
    expect(await names('--target', 'kind=Pod')).toEqual(['restart-failed']);
    expect(await names('--action', 'approved-restart')).toEqual([]);
    const selectors = fake.requests
      .filter((r) => r.operationId === 'ArchivedWorkflowService_ListArchivedWorkflows')
      .map((r) => r.query.get('listOptions.labelSelector'));
    expect(selectors).toContain('workflows.argoproj.io/creator=alice-sso');
    expect(await names('--user', 'bob')).toEqual(['restart-old']);
    expect(fake.requests.at(-1)!.query.get('listOptions.labelSelector')).toBe('workflows.argoproj.io/creator=bob');
    // Naming the action's whole target, the archive is asked by the target label.
    const pod = ['--target', 'cluster=prod-ocp', '--target', 'kind=Pod', '--target', 'name=checkout'];
    expect(await names('--action', RESTART, ...pod, '--target', 'namespace=shop')).toEqual(['restart-failed']);
    expect(fake.requests.at(-1)!.query.get('listOptions.labelSelector')).toBe(
      `workflows.argoproj.io/workflow-template=${RESTART},opsflow.io/target=${targetKey({ cluster: 'prod-ocp', kind: 'Pod', name: 'checkout', namespace: 'shop' })}`,
    );
    const table = (await opsflow(fake, ['history'])).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME +ACTION +STATUS +STARTED +DURATION +BY +WHY$/);
    expect(table[3]).toMatch(/^restart-old +openshift-workload-restart +Failed +2026-01-01T08:00:00Z +1m05s +bob$/);
    expect(parse((await opsflow(fake, ['history', '-o', 'yaml'])).stdout)).toHaveLength(3);
  });

  it('history shows why each run started (reason, event or schedule), cut to a terminal; JSON and YAML keep it whole', async () => {
    const reason = 'INC-4711: checkout stuck since the 9:00 deploy, restarting it as the runbook says';
    const event = 'alertmanager/alerts 3f0c2a9e1b7d4c55';
    const runs = [
      finishedRun('by-person', { created: '2026-01-05T09:50:00Z', annotations: { 'opsflow.io/reason': reason } }),
      finishedRun('by-alert', { created: '2026-01-05T09:40:00Z', annotations: { 'opsflow.io/event': `${event} ` } }),
      finishedRun('by-schedule', {
        created: '2026-01-05T09:30:00Z',
        labels: { 'workflows.argoproj.io/cron-workflow': 'nautobot-resync' },
      }),
    ];
    // The archive answers with the annotations too (persist/sqldb/workflow_archive.go ListWorkflows, v4.1.2).
    const whyFake = await startFake({ archived: [runs[2]!] });
    try {
      whyFake.addWorkflow(runs[0]!);
      whyFake.addWorkflow(runs[1]!);
      const table = (await opsflow(whyFake, ['history'])).stdout.split('\n');
      expect(table[0]).toMatch(/^NAME +ACTION +STATUS +STARTED +DURATION +BY +WHY$/);
      expect(table[1]).toMatch(new RegExp(`^by-person .* alice-sso +reason: ${reason}$`));
      expect(table[2]).toMatch(new RegExp(`^by-alert .* alice-sso +event: ${event}$`));
      expect(table[3]).toMatch(/^by-schedule .* alice-sso +schedule: nautobot-resync$/);
      // On a terminal 130 wide the reason is cut to what is left of the line.
      const narrow = (await opsflow(whyFake, ['history'], {}, { columns: 130 })).stdout.split('\n');
      expect(narrow[1]).toHaveLength(129);
      expect(narrow[1]).toMatch(/ reason: INC-4711: checkout stuck …$/);
      expect(narrow[3]).toMatch(/ schedule: nautobot-resync$/);
      const json = JSON.parse((await opsflow(whyFake, ['history', '-o', 'json'])).stdout);
      expect(json.map((wf: Workflow) => wf.metadata.annotations ?? {})).toEqual([
        { 'opsflow.io/reason': reason },
        { 'opsflow.io/event': `${event} ` },
        {},
      ]);
      const yaml = parse((await opsflow(whyFake, ['history', '-o', 'yaml'])).stdout);
      expect(yaml[0].metadata.annotations['opsflow.io/reason']).toBe(reason);
    } finally {
      await whyFake.close();
    }
  });

  it('refuses a malformed --since or --status, naming the value', async () => {
    const since = await opsflow(fake, ['history', '--since', 'yesterday']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('expected a duration like 30m, 24h or 7d');
    expect(since.stderr).toContain('→ at since');
    const status = await opsflow(fake, ['history', '--status', 'Done']);
    expect(status.stderr).toMatch(
      /Invalid option: expected one of "Pending"\|"Running"\|"Succeeded"\|"Failed"\|"Error"\n {2}→ at status/,
    );
  });

  it('logs of a finished run', async () => {
    const out = await opsflow(fake, ['logs', 'restart-done']);
    expect(out.stdout).toBe(`${DONE_POD}: line one\n${DONE_POD}: line two\n`);
    const request = fake.requests.find((r) => r.operationId === 'WorkflowService_WorkflowLogs')!;
    expect(request.query.get('logOptions.container')).toBe('main');
    expect(request.query.get('logOptions.timestamps')).toBeNull();
  });

  it('logs -o json: one object per line with the pod, its node, the time and the content; -o yaml: one document each', async () => {
    const json = await opsflow(fake, ['logs', 'restart-done', '-o', 'json']);
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(
      `{"pod":"${DONE_POD}","node":"run","time":"2026-01-05T09:00:10.123456789Z","content":"line one"}\n` +
        `{"pod":"${DONE_POD}","node":"run","time":"2026-01-05T09:00:11Z","content":"line two"}\n`,
    );
    const logs = fake.requests.filter((r) => r.operationId === 'WorkflowService_WorkflowLogs');
    expect(logs.at(-1)?.query.get('logOptions.timestamps')).toBe('true');
    const yaml = await opsflow(fake, ['logs', 'restart-done', '-o', 'yaml']);
    expect(parseAllDocuments(yaml.stdout).map((doc) => doc.toJSON())).toEqual([
      { pod: DONE_POD, node: 'run', time: '2026-01-05T09:00:10.123456789Z', content: 'line one' },
      { pod: DONE_POD, node: 'run', time: '2026-01-05T09:00:11Z', content: 'line two' },
    ]);
  });
});

describe('logs --follow', () => {
  const submit = async () => {
    const params = ['cluster=c', 'namespace=n', 'kind=Pod', 'name=p'].flatMap((pair) => ['-p', pair]);
    const run = await opsflow(fake, ['run', RESTART, ...params, '-o', 'json']);
    return JSON.parse(run.stdout).metadata.name as string;
  };
  const follow = async (name: string, ...args: string[]) => {
    const streams = fake.streams;
    const logs = opsflow(fake, ['logs', name, '--follow', ...args]);
    while (fake.streams === streams) await new Promise((resolve) => setTimeout(resolve, 10));
    while (fake.advance(name));
    return (await logs).stdout;
  };

  it('streams until the run ends', async () => {
    const name = await submit();
    expect(await follow(name)).toMatch(
      new RegExp(
        `^${name}-run-\\d+: \\{"level":"info","event":"start"\\}\n${name}-run-\\d+: \\{"level":"info","event":"done","outcome":"Succeeded"\\}\n$`,
      ),
    );
  });

  it('-o json names the node of a pod that started after the stream did', async () => {
    const name = await submit();
    const lines = (await follow(name, '-o', 'json'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        pod: expect.stringMatching(`^${name}-run-\\d+$`),
        node: 'run',
        time: expect.any(String),
        content: '{"level":"info","event":"start"}',
      },
      expect.objectContaining({ node: 'run', content: '{"level":"info","event":"done","outcome":"Succeeded"}' }),
    ]);
  });
});

describe('stop, terminate, retry, approve, reject', () => {
  const submit = async (action: string) => {
    const out = await opsflow(fake, [
      'run',
      action,
      '-p',
      'cluster=c',
      '-p',
      'namespace=n',
      '-p',
      'kind=Pod',
      '-p',
      'name=p',
      '-o',
      'json',
    ]);
    return JSON.parse(out.stdout).metadata.name as string;
  };

  it('stop ends a run (exit handlers run), terminate too; a finished run cannot be stopped', async () => {
    const stopped = await submit(RESTART);
    const out = await opsflow(fake, ['stop', stopped, '--message', 'wrong target', '-o', 'json']);
    expect(JSON.parse(out.stdout).spec.shutdown).toBe('Stop');
    expect(fake.requests.at(-1)?.body).toEqual({ namespace: 'opsflow', name: stopped, message: 'wrong target' });
    const terminated = await submit(RESTART);
    expect((await opsflow(fake, ['terminate', terminated])).stdout).toMatch(
      new RegExp(`^${terminated} .* Failed `, 'm'),
    );
    expect(fake.workflows.get(terminated)?.spec.shutdown).toBe('Terminate');
    const again = await opsflow(fake, ['stop', 'restart-done']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'cannot shutdown a completed workflow: workflow: "restart-done", namespace: "opsflow"',
    );
  });

  it('retry starts a failed run again; a running one is refused', async () => {
    const out = await opsflow(fake, ['retry', 'restart-failed', '-o', 'yaml']);
    expect(parse(out.stdout).status.phase).toBe('Running');
    const running = await opsflow(fake, ['retry', 'restart-failed']);
    expect(running.stderr).toContain('Cannot retry a workflow in phase Running');
  });

  it('approve records the approver and the message on the approval node, then resumes it', async () => {
    const name = await submit('approved-restart');
    fake.requests.length = 0;
    const out = await opsflow(fake, ['approve', name, '--message', 'change 4711']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(`${name}: approved by alice@example.com: change 4711\n`);
    const [set, resume] = fake.requests.filter((r) => r.method === 'PUT');
    expect(set!.body).toEqual({
      namespace: 'opsflow',
      name,
      nodeFieldSelector: 'displayName=approval',
      outputParameters: '{"approver":"alice@example.com","message":"change 4711"}',
      message: 'approved by alice@example.com: change 4711',
    });
    expect(resume!.operationId).toBe('WorkflowService_ResumeWorkflow');
    // Argo Server's own record of the decision, which the approval check reads.
    expect(fake.workflows.get(name)!.metadata.labels).toMatchObject({
      'workflows.argoproj.io/actor': 'alice-sso',
      'workflows.argoproj.io/actor-email': 'alice.at.example.com',
      'workflows.argoproj.io/action': 'Resume',
    });
    const node = Object.values(fake.workflows.get(name)!.status!.nodes!).find((n) => n.displayName === 'approval')!;
    expect(node.phase).toBe('Succeeded');
    expect(node.outputs?.parameters).toEqual([
      { name: 'approver', value: 'alice@example.com' },
      { name: 'message', value: 'change 4711' },
    ]);
    expect(fake.advance(name)).toBe(true);
    const twice = await opsflow(fake, ['approve', name]);
    expect(twice.code).toBe(3);
    expect(twice.stderr).toBe(`opsflow: run ${name} is not waiting for approval (status Running)\n`);
  });

  it('reject fails the approval node, so the run fails without running its step', async () => {
    fake.requests.length = 0;
    const name = await submit('approved-restart');
    const out = await opsflow(fake, ['reject', name, '--message', 'not now', '-o', 'json']);
    expect(JSON.parse(out.stdout).status.phase).toBe('Failed');
    expect(fake.requests.at(-1)).toMatchObject({
      operationId: 'WorkflowService_StopWorkflow',
      body: { nodeFieldSelector: 'displayName=approval', message: 'rejected by alice@example.com: not now' },
    });
    expect(fake.workflows.get(name)!.status!.nodes![`${name}-run`]).toBeUndefined();
  });
});

describe('TLS', () => {
  it('verifies the server certificate by default (exit 1 naming the fix), and -k skips it', async () => {
    const env = { ARGO_SERVER: fake.url, ARGO_TOKEN: `Bearer ${ALICE.token}` };
    const refused = await opsflow(undefined, ['list'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the server certificate did not verify .*--certificate-authority FILE/);
    expect((await opsflow(undefined, ['list', '-k'], env)).code).toBe(0);
    expect((await opsflow(undefined, ['list'], { ...env, ARGO_INSECURE_SKIP_VERIFY: 'true' })).code).toBe(0);
  });
});

describe('events replay and completion', () => {
  it('prints, per file, the objects the generated Sensors would create, with no server', async () => {
    const fixtures = `${ROOT}/test/fixtures/alertmanager`;
    const out = await opsflow(undefined, [
      'events',
      'replay',
      'alertmanager/alerts',
      `${fixtures}/firing.json`,
      `${fixtures}/resolved.json`,
      '--header',
      'Authorization: Bearer x',
      '--manifests',
      ROOT,
    ]);
    expect(out.code).toBe(0);
    const [firing, resolved] = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(firing.file).toBe(`${fixtures}/firing.json`);
    expect(firing.triggers).toHaveLength(1);
    expect(firing.triggers[0]).toMatchObject({ sensor: 'alert-routes', trigger: 'opsflow-alert-fan-out' });
    const { metadata, spec } = firing.triggers[0].object;
    expect(metadata.name).toMatch(/^opsflow-alert-fan-out-[0-9a-f]{20}$/);
    const runs = JSON.parse(spec.arguments.parameters[0].value);
    expect(runs.map((run: { parameters: unknown }) => run.parameters)).toEqual([
      [
        { name: 'cluster', value: 'prod-ocp' },
        { name: 'namespace', value: 'shop' },
        { name: 'kind', value: 'Deployment' },
        { name: 'name', value: 'checkout' },
        { name: 'minIntervalMinutes', value: '30' },
      ],
    ]);
    expect(resolved).toEqual({ file: `${fixtures}/resolved.json`, triggers: [] });
  });

  it('names an unknown event and the events there are', async () => {
    const out = await opsflow(undefined, ['events', 'replay', 'alertmanager/nope', 'x.json', '--manifests', ROOT]);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'opsflow: <eventsource/event>: EventSource alertmanager has no webhook or AMQP event "nope" (events: alerts)\n',
    });
  });

  it('prints completion scripts listing the commands', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const out = await opsflow(undefined, ['completion', shell]);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain('approve');
      expect(out.stdout).toMatch(/(--|-l )follow/);
    }
    expect((await opsflow(undefined, ['completion', 'tcsh'])).stderr).toContain(
      'Invalid option: expected one of "bash"|"zsh"|"fish"',
    );
  });
});

describe('usage errors', () => {
  it('exit 2 for an unknown command, a missing argument, a malformed --param or --output', async () => {
    const unknown = await opsflow(undefined, ['restart']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'restart'");
    const missing = await opsflow(undefined, ['get']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("error: missing required argument 'run'"),
    });
    const param = await opsflow(undefined, ['run', RESTART, '-p', 'kind']);
    expect(param.stderr).toContain('expected name=value, got "kind"');
    expect(param.code).toBe(2);
    const output = await opsflow(undefined, ['list', '-o', 'xml']);
    expect(output.stderr).toContain(
      "error: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are table, json, yaml.",
    );
    expect((await opsflow(undefined, ['--help'])).code).toBe(0);
  });
});

describe('events replay of an AMQP source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-replay-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'eventsources'));
  mkdirSync(join(dir, 'sensors'));
  writeFileSync(
    join(dir, 'eventsources', 'ironic.yaml'),
    stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: 'ironic' },
      spec: { amqp: { notifications: { url: 'amqp://rabbit:5672', jsonBody: true } } },
    }),
  );
  writeFileSync(
    join(dir, 'sensors', 'node-created.yaml'),
    stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Sensor',
      metadata: { name: 'node-created' },
      spec: {
        dependencies: [
          {
            name: 'created',
            eventSourceName: 'ironic',
            eventName: 'notifications',
            filters: {
              data: [{ path: 'routingKey', type: 'string', value: ['^ironic_versioned_notifications\\.info$'] }],
            },
          },
        ],
        triggers: [
          {
            template: {
              name: 'sync',
              k8s: {
                operation: 'create',
                source: {
                  resource: {
                    apiVersion: 'argoproj.io/v1alpha1',
                    kind: 'Workflow',
                    metadata: { generateName: 'sync-' },
                    spec: { arguments: { parameters: [{ name: 'node', value: '' }] } },
                  },
                },
                parameters: [
                  {
                    src: { dependencyName: 'created', dataKey: 'body.uuid' },
                    dest: 'spec.arguments.parameters.0.value',
                  },
                ],
              },
            },
          },
        ],
      },
    }),
  );
  writeFileSync(join(dir, 'message.json'), '{"uuid":"n-1"}');

  it('takes the exchange and routing key from flags, and requires them', async () => {
    const args = ['events', 'replay', 'ironic/notifications', join(dir, 'message.json'), '--manifests', dir];
    const out = await opsflow(undefined, [
      ...args,
      '--exchange',
      'ironic',
      '--routing-key',
      'ironic_versioned_notifications.info',
    ]);
    const [line] = out.stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(line.triggers[0].object.spec.arguments.parameters).toEqual([{ name: 'node', value: 'n-1' }]);
    const other = await opsflow(undefined, [...args, '--exchange', 'ironic', '--routing-key', 'other.info']);
    expect(JSON.parse(other.stdout).triggers).toEqual([]);
    const missing = await opsflow(undefined, args);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--exchange and --routing-key: required for the AMQP source ironic'),
    });
  });

  it('refuses a body that is not JSON with the error the EventSource logs (exit 2)', async () => {
    writeFileSync(join(dir, 'text.txt'), 'hello');
    const out = await opsflow(undefined, [
      ...['events', 'replay', 'ironic/notifications', join(dir, 'text.txt'), '--manifests', dir],
      ...['--exchange', 'ironic', '--routing-key', 'ironic_versioned_notifications.info'],
    ]);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: `opsflow: ${join(dir, 'text.txt')}: the EventSource refuses it: failed to marshal the message, message-id: , json: error calling MarshalJSON for type *json.RawMessage: invalid character 'h' looking for beginning of value\n`,
    });
  });
});
