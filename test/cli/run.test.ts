import { parse } from 'yaml';
import type { FakeArgoServer } from '../fakes/argo-server/server.js';
import { BOB, ENROLL, opsflow, startFake } from './harness.js';

const RESTART = 'openshift-workload-restart';
const GOOD = ['-p', 'cluster=prod-ocp', '-p', 'namespace=shop', '-p', 'kind=Deployment', '-p', 'name=checkout'];

let fake: FakeArgoServer;
beforeAll(async () => {
  fake = await startFake({ tickMs: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.outcome = 'Succeeded';
});
afterEach(() => expect(fake.violations).toEqual([]));

/** Runs a command that waits, stepping the fake's run once the command listens to its streams. */
async function whileRunning(args: string[], streams: number, env = {}, options = {}) {
  const before = fake.workflows.size;
  const outcome = opsflow(fake, args, env, options);
  for (let steps = 0; steps < 50; steps++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const count = fake.workflows.size;
    const latest = [...fake.workflows.values()][count - 1];
    if (count > before && fake.streams >= streams && !fake.advance(latest!.metadata.name!)) break;
  }
  return outcome;
}

describe('opsflow run', () => {
  it('refuses a bad parameter with the step message, before any request is sent', async () => {
    const out = await opsflow(fake, [
      'run',
      RESTART,
      ...GOOD,
      '-p',
      'kind=Deploy',
      '-p',
      'timeoutSeconds=9999',
      '-p',
      'colour=red',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'opsflow: invalid input for kubernetes/workload-restart:\n' +
        '  kind: Invalid option: expected one of "Deployment"|"StatefulSet"|"DaemonSet"|"Pod" (got "Deploy" from --param kind)\n' +
        '  timeoutSeconds: Too big: expected number to be <=3600 (got 9999 from --param timeoutSeconds)\n' +
        '  colour: unknown field (got "red" from --param colour)\n',
    );
    expect(fake.requests).toEqual([]);
  });

  it('checks an action this CLI does not know against its template parameters, and submits nothing', async () => {
    const out = await opsflow(fake, [
      'run',
      'approved-restart',
      ...GOOD.slice(0, 4),
      '-p',
      'kind=Deploy',
      '-p',
      'name=x',
    ]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'opsflow: invalid input for kubernetes/workload-restart:\n' +
        '  kind: Invalid option: expected one of "Deployment"|"StatefulSet"|"DaemonSet"|"Pod" (got "Deploy" from --param kind)\n',
    );
    expect(fake.requests.map((r) => r.operationId)).toEqual(['WorkflowTemplateService_GetWorkflowTemplate']);
  });

  it('checks a composite with its own schema before any request, and submits it from its template', async () => {
    const enroll = ['run', ENROLL, '-p', 'name=r1-n7', '-p', 'driver=redfish', '-p', 'bmcAddress=https://10.0.4.7'];
    const out = await opsflow(fake, [...enroll, '-p', 'bmcUsername=root', '-p', 'macs=["52:54:00:12:34:zz"]']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'opsflow: invalid input for composite/ironic-node-enroll:\n' +
        '  macs.0: must be a MAC address such as "52:54:00:12:34:56" (got "52:54:00:12:34:zz" from --param macs)\n',
    );
    expect(fake.requests).toEqual([]);
    const good = await opsflow(fake, [
      ...enroll,
      '-p',
      'bmcUsername=root',
      '-p',
      'macs=["52:54:00:12:34:56"]',
      '-o',
      'json',
    ]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).spec.workflowTemplateRef).toEqual({ name: ENROLL });
  });

  it('--reason: the run carries why in opsflow.io/reason, which opsflow get shows', async () => {
    const out = await opsflow(fake, ['run', RESTART, ...GOOD, '--reason', 'INC-4711: checkout stuck', '-o', 'json']);
    expect(out.code).toBe(0);
    const submit = fake.requests.find((r) => r.operationId === 'WorkflowService_SubmitWorkflow')!;
    expect((submit.body as { submitOptions: { annotations: string } }).submitOptions.annotations).toBe(
      'opsflow.io/reason=INC-4711: checkout stuck',
    );
    const { name } = JSON.parse(out.stdout).metadata;
    expect(fake.workflows.get(name)!.metadata.annotations).toEqual({ 'opsflow.io/reason': 'INC-4711: checkout stuck' });
    expect((await opsflow(fake, ['get', name])).stdout).toMatch(/^reason: INC-4711: checkout stuck$/m);
  });

  it.each([
    ['a comma', 'restart, then check', '--reason "restart, then check": must be a non-empty text without "," or "="'],
    ['an equals sign', 'ticket=INC-1', '--reason "ticket=INC-1": must be a non-empty text without "," or "="'],
    ['blank text', ' ', '--reason " ": must be a non-empty text without "," or "="'],
  ])('refuses a --reason with %s (Argo Server would split it), before any request', async (_, reason, message) => {
    const out = await opsflow(fake, ['run', RESTART, ...GOOD, '--reason', reason]);
    expect([out.code, out.stderr]).toEqual([2, `opsflow: ${message}\n`]);
    expect(fake.requests).toEqual([]);
  });

  it('names a missing parameter and how to set it', async () => {
    const out = await opsflow(fake, ['run', RESTART, '-p', 'cluster=prod-ocp', '-p', 'kind=Pod', '-p', 'name=web']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      '  namespace: Invalid input: expected string, received undefined (missing: set --param namespace=...)',
    );
    expect(fake.requests).toEqual([]);
  });

  it('labels the run with the role Argo Server signed the person in as, which the admission policy requires', async () => {
    const tenant = await startFake({
      tickMs: 0,
      users: [{ token: 'tina-token', info: { subject: 'tina', serviceAccountName: 'opsflow-role-tenant' } }],
    });
    try {
      const out = await opsflow(tenant, ['run', RESTART, ...GOOD], { ARGO_TOKEN: 'Bearer tina-token' });
      expect(out.code).toBe(0);
      const submit = tenant.requests.find((r) => r.operationId === 'WorkflowService_SubmitWorkflow')!;
      expect((submit.body as { submitOptions: unknown }).submitOptions).toEqual({
        parameters: ['cluster=prod-ocp', 'namespace=shop', 'kind=Deployment', 'name=checkout'],
        annotations: `opsflow.io/reason=opsflow run ${RESTART}`,
        labels: 'opsflow.io/role=tenant',
      });
      expect([...tenant.workflows.values()][0]!.metadata.labels).toMatchObject({ 'opsflow.io/role': 'tenant' });
    } finally {
      await tenant.close();
    }
  });

  it('submits from the WorkflowTemplate with the parameters as name=value strings and prints the run', async () => {
    const out = await opsflow(fake, ['run', RESTART, ...GOOD, '--dry-run']);
    expect(out.code).toBe(0);
    const submit = fake.requests.find((r) => r.operationId === 'WorkflowService_SubmitWorkflow')!;
    expect(submit.body).toEqual({
      namespace: 'opsflow',
      resourceKind: 'WorkflowTemplate',
      resourceName: RESTART,
      submitOptions: {
        parameters: ['cluster=prod-ocp', 'namespace=shop', 'kind=Deployment', 'name=checkout', 'dryRun=true'],
        annotations: `opsflow.io/reason=opsflow run ${RESTART}`,
      },
    });
    const [header, row] = out.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME +ACTION +STATUS +STARTED +DURATION +BY$/);
    expect(row).toMatch(
      /^openshift-workload-restart-\w+ +openshift-workload-restart +Running +2026-01-05T10:00:\d\dZ +\d+s +alice-sso$/,
    );
  });

  it('prints the created run as JSON or YAML', async () => {
    const json = JSON.parse((await opsflow(fake, ['run', RESTART, ...GOOD, '-o', 'json'])).stdout);
    expect(json.spec.workflowTemplateRef).toEqual({ name: RESTART });
    const yaml = parse((await opsflow(fake, ['run', RESTART, ...GOOD, '-o', 'yaml'])).stdout);
    expect(yaml.metadata.labels['workflows.argoproj.io/workflow-template']).toBe(RESTART);
  });

  it('is refused (exit 3) with the admission policy message, and exit 4 on a token the server refuses', async () => {
    const refused = await opsflow(fake, ['run', RESTART, ...GOOD], { ARGO_TOKEN: `Bearer ${BOB.token}` });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /^opsflow: refused: workflows.argoproj.io "openshift-workload-restart-\w+" is forbidden: ValidatingAdmissionPolicy 'opsflow-run-openshift-workload-restart' .* denied request: bob@example.com may not run openshift-workload-restart\n$/,
    );
    const expired = await opsflow(fake, ['run', RESTART, ...GOOD], { ARGO_TOKEN: 'Bearer expired' });
    expect(expired.code).toBe(4);
    expect(expired.stderr).toContain(
      'not authenticated: Argo Server refused the token in ARGO_TOKEN (token not valid.',
    );
    expect(expired.stderr).not.toContain('expired');
  });

  it('--wait shows each node change with the time since the start, and exits 0 when the run succeeded', async () => {
    const out = await whileRunning(['run', RESTART, ...GOOD, '--wait'], 1);
    expect(out.code).toBe(0);
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^submitted openshift-workload-restart-\w+$/);
    expect(lines.slice(1, 4).map((line) => line.replace(/^\[ *\d+s\] /, ''))).toEqual([
      'run  Pending',
      'run  Running',
      'run  Succeeded',
    ]);
    expect(lines[1]).toMatch(/^\[ +5s\] run {2}Pending$/);
    expect(lines[4]).toMatch(/^openshift-workload-restart-\w+ Succeeded in \d+s$/);
    expect(out.stdout).toMatch(/Succeeded/);
  });

  it('--wait exits 1 with the message when the run failed; on a TTY a spinner runs in between', async () => {
    fake.outcome = 'Failed';
    const out = await whileRunning(['run', RESTART, ...GOOD, '--wait'], 1, {}, { tty: true });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('run  Failed (Error (exit code 3))');
    expect(out.stderr).toMatch(/opsflow: run openshift-workload-restart-\w+ Failed: Error \(exit code 3\)\n$/);
    expect(out.stderr).toContain('\r\x1b[K');
  });

  it('--follow streams the step logs as the run goes', async () => {
    const out = await whileRunning(['run', RESTART, ...GOOD, '--follow'], 2);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^openshift-workload-restart-\w+-run-\d+: \{"level":"info","event":"start"\}\nopenshift-workload-restart-\w+-run-\d+: \{"level":"info","event":"done","outcome":"Succeeded"\}\n/,
    );
  });

  it('--wait watches again when the server ends the watch', async () => {
    const before = fake.workflows.size;
    const out = opsflow(fake, ['run', RESTART, ...GOOD, '--wait']);
    while (fake.workflows.size === before || fake.streams === 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    fake.requests.length = 0;
    fake.endStreams();
    while (fake.requests.filter((r) => r.operationId === 'WorkflowService_WatchWorkflows').length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const name = [...fake.workflows.keys()].at(-1)!;
    while (fake.advance(name));
    expect((await out).code).toBe(0);
    expect(fake.requests.map((r) => r.operationId)).toEqual([
      'WorkflowService_GetWorkflow',
      'WorkflowService_WatchWorkflows',
    ]);
  });

  it('exit 3 for an action the server does not have', async () => {
    const out = await opsflow(fake, ['run', 'no-such-action', '-p', 'a=b']);
    expect(out.code).toBe(3);
    expect(out.stderr).toBe('opsflow: not found: workflowtemplates.argoproj.io "no-such-action" not found\n');
  });
});
