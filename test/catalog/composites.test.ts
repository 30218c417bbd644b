import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { z } from 'zod';
import { actions } from '../../src/catalog/actions/index.js';
import { novaComputeServiceDisable } from '../../src/catalog/actions/nova-compute-service-disable.js';
import { defineComposite } from '../../src/catalog/composite.js';
import { composites } from '../../src/catalog/composites/index.js';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { compositeWorkflowTemplate } from '../../src/charts/composite-template.js';
import { SemaphoreConfigMap } from '../../src/constructs/platform/semaphores.js';
import { synthesizeObjects } from '../../src/synth/render.js';
import { type Outcome, runDag } from './dag-model.js';

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

/** What the steps of a maintenance of compute-17 answer: two servers of two projects, three owners. */
function maintenanceOutcomes(overrides: Record<string, Outcome> = {}) {
  const outcomes: Record<string, Outcome> = {
    silence: { phase: 'Succeeded', outputs: { silenceId: 's-1' } },
    servers: { phase: 'Succeeded', outputs: { servers: '[{"id":"a"},{"id":"b"}]', projectIds: '["p1","p2"]' } },
    contacts: { phase: 'Succeeded', outputs: { emails: '["a@example.com","b@example.com"]', contacts: '[]' } },
    drain: { phase: 'Succeeded', outputs: { report: '{"moved":["a","b"],"notMoved":[]}' } },
    ...overrides,
  };
  return (task: string): Outcome => outcomes[task] ?? { phase: 'Succeeded' };
}

describe('openstack-hypervisor-maintenance', () => {
  const template = templateOf('openstack-hypervisor-maintenance');
  const run = (parameters: Record<string, string>, overrides?: Record<string, Outcome>) =>
    runDag(
      template.spec,
      { host: 'compute-17', reason: 'DIMM, CHG-1234', ...parameters },
      maintenanceOutcomes(overrides),
    );

  it('silences, disables, lists, finds the owners, tells them and the operators, then drains', () => {
    const done = run({});
    expect(sequence(done)).toEqual([
      'silence: alertmanager silence-create',
      'disable: openstack service-disable',
      'servers: openstack servers-on-host',
      'contacts: openstack project-contacts',
      'notifyOwners: notify send',
      'notifyOperators: notify send',
      'drain: openstack hypervisor-drain',
    ]);
    expect(done.phases.approval).toBe('Skipped');
    expect(argsOf(done, 'silence')).toMatchObject({
      matchers: '["instance=compute-17"]',
      duration: '4h',
      comment: 'maintenance: DIMM, CHG-1234',
      key: 'maintenance/compute-17',
      dryRun: 'false',
    });
    expect(argsOf(done, 'disable')).toEqual({ host: 'compute-17', reason: 'DIMM, CHG-1234', dryRun: 'false' });
    expect(argsOf(done, 'contacts')).toEqual({ projects: '["p1","p2"]', roles: '[]' });
    expect(argsOf(done, 'notifyOwners')).toMatchObject({ via: 'email', to: '["a@example.com","b@example.com"]' });
    expect(argsOf(done, 'notifyOperators')).toMatchObject({ via: 'slack', to: '["C0OPS"]' });
    expect(argsOf(done, 'drain')).toMatchObject({ host: 'compute-17', concurrency: '2', dryRun: 'false' });
    expect(done.workflowPhase).toBe('Succeeded');
  });

  it('an incomplete drain fails the run: nothing enables the service or expires the silence; the report is published', () => {
    const incomplete = run({}, { drain: { phase: 'Failed', outputs: { report: '{"notMoved":[{"id":"b"}]}' } } });
    expect(incomplete.workflowPhase).toBe('Failed');
    expect(sequence(incomplete).at(-1)).toBe('drain: openstack hypervisor-drain');
    const commands = template.spec.templates.flatMap((t: Any) => (t.container ? [t.container.command.join(' ')] : []));
    expect(commands.filter((command: string) => /service-enable|silence-expire/.test(command))).toEqual([]);
    // The drain's report (written before it exits, so saved on failure too) is the Workflow output `report`.
    const drain = template.spec.templates.find((t: Any) => t.name === 'drain');
    expect(drain.outputs.parameters).toContainEqual({
      name: 'report',
      globalName: 'report',
      valueFrom: { path: '/tmp/outputs/report', default: '' },
    });
  });

  it('the exit handler tells the operators the status and the report, guarded for a drain that did not run', () => {
    expect(template.spec.onExit).toBe('exit');
    const exit = template.spec.templates.find((t: Any) => t.name === 'exit');
    const [[call]] = exit.steps;
    const args = Object.fromEntries(call.arguments.parameters.map((p: Any) => [p.name, p.value]));
    expect(args).toMatchObject({ via: 'slack', to: '["C0OPS"]', subject: 'Maintenance of ${host}: ${status}' });
    expect(args.message).toContain('the compute service stays disabled and the alerts stay silenced');
    expect(args.vars).toBe(
      '{{=toJson({"status": workflow.status, "host": workflow.parameters.host, "reason": workflow.parameters.reason, ' +
        '"report": workflow.outputs?.parameters?.report ?? "none: the drain did not run"})}}',
    );
    const notify = template.spec.templates.find((t: Any) => t.name === call.template);
    expect(notify.container.command).toEqual(['opsflow-step', 'notify', 'send']);
    expect(notify.container.env).toContainEqual({ name: 'ARGO_WORKFLOW_UID', value: '{{workflow.uid}}' });
  });

  it('with approval=true it waits before the drain; a rejection fails the approval and nothing moves', () => {
    const approved = run({ approval: 'true' });
    expect(sequence(approved).slice(-2)).toEqual(['approval: suspend', 'drain: openstack hypervisor-drain']);
    const rejected = run({ approval: 'true' }, { approval: { phase: 'Failed' } });
    expect(rejected.phases.drain).toBe('Omitted');
    expect(rejected.workflowPhase).toBe('Failed');
  });

  it('an empty host skips the contacts and the owners e-mail, and still drains', () => {
    const empty = run({}, { servers: { phase: 'Succeeded', outputs: { servers: '[]', projectIds: '[]' } } });
    expect(empty.phases).toMatchObject({ contacts: 'Skipped', notifyOwners: 'Omitted', drain: 'Succeeded' });
    const noAddress = run({}, { contacts: { phase: 'Succeeded', outputs: { emails: '[]' } } });
    expect(noAddress.phases).toMatchObject({ notifyOwners: 'Skipped', drain: 'Succeeded' });
  });

  it('a failed step stops the run there: a failed disable or owners e-mail means no drain', () => {
    const disable = run({}, { disable: { phase: 'Failed' } });
    expect(sequence(disable)).toEqual(['silence: alertmanager silence-create', 'disable: openstack service-disable']);
    expect(disable.phases.drain).toBe('Omitted');
    const mail = run({}, { notifyOwners: { phase: 'Failed' } });
    expect(mail.phases).toMatchObject({ approval: 'Omitted', drain: 'Omitted' });
  });

  it('dryRun=true reaches every mutating step; the host lock and the drain limit are the single actions ones', () => {
    const dry = run({ dryRun: 'true' });
    for (const task of ['silence', 'disable', 'notifyOwners', 'notifyOperators', 'drain']) {
      expect({ task, dryRun: argsOf(dry, task)?.dryRun }).toEqual({ task, dryRun: 'true' });
    }
    expect(template.spec.synchronization.mutexes).toEqual(
      templateOf('nova-hypervisor-drain').spec.synchronization.mutexes,
    );
    const drain = template.spec.templates.find((t: Any) => t.name === 'drain');
    expect(drain.synchronization).toEqual({
      semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'nova-hypervisor-drain' } }],
    });
  });
});

describe('openstack-hypervisor-return', () => {
  const template = templateOf('openstack-hypervisor-return');

  it('enables, expires the silence by the key maintenance made, and tells the operators', () => {
    const done = runDag(template.spec, { host: 'compute-17' }, (task) =>
      task === 'unsilence' ? { phase: 'Succeeded', outputs: { expired: '["s-1"]' } } : { phase: 'Succeeded' },
    );
    expect(sequence(done)).toEqual([
      'enable: openstack service-enable',
      'unsilence: alertmanager silence-expire',
      'notifyOperators: notify send',
    ]);
    const maintenance = runDag(
      templateOf('openstack-hypervisor-maintenance').spec,
      { host: 'compute-17', reason: 'x' },
      maintenanceOutcomes(),
    );
    expect(argsOf(done, 'unsilence')?.key).toBe(argsOf(maintenance, 'silence')?.key);
  });

  it('a failed enable keeps the silence: the expire never runs', () => {
    const failed = runDag(template.spec, { host: 'compute-17' }, (task) =>
      task === 'enable' ? { phase: 'Failed' } : { phase: 'Succeeded' },
    );
    expect(failed.phases).toMatchObject({ unsilence: 'Omitted', notifyOperators: 'Omitted' });
    expect(failed.workflowPhase).toBe('Failed');
  });
});

describe('ironic and project composites', () => {
  it('ironic-node-inspect: manage, inspect, provide, then the Nautobot sync of the same node', () => {
    const done = runDag(templateOf('ironic-node-inspect').spec, { node: 'r1-n7' });
    expect(done.invocations.map((c) => [c.command, c.arguments.action ?? '', c.arguments.node])).toEqual([
      ['openstack node-provision', 'manage', 'r1-n7'],
      ['openstack node-provision', 'inspect', 'r1-n7'],
      ['openstack node-provision', 'provide', 'r1-n7'],
      ['nautobot device-sync', '', 'r1-n7'],
    ]);
    const failed = runDag(templateOf('ironic-node-inspect').spec, { node: 'r1-n7' }, (task) =>
      task === 'inspect' ? { phase: 'Failed' } : { phase: 'Succeeded' },
    );
    expect(failed.phases).toMatchObject({ provide: 'Omitted', sync: 'Omitted' });
  });

  describe('ironic-node-enroll', () => {
    const template = templateOf('ironic-node-enroll');
    const server = {
      name: 'r1-n7',
      driver: 'redfish',
      bmcAddress: 'https://10.0.4.7',
      bmcUsername: 'root',
      macs: '["52:54:00:12:34:56"]',
    };
    const enrolled = { phase: 'Succeeded', outputs: { nodeUuid: 'n-uuid' } } as const;

    it('creates the node and ports, then manage, inspect, provide and the Nautobot sync of that node', () => {
      const done = runDag(template.spec, server, (task) => (task === 'enroll' ? enrolled : { phase: 'Succeeded' }));
      expect(
        done.invocations.map((c) => [c.task, c.command, c.arguments.action ?? '', c.arguments.node ?? '']),
      ).toEqual([
        ['enroll', 'openstack node-enroll', '', ''],
        ['manage', 'openstack node-provision', 'manage', 'r1-n7'],
        ['inspect', 'openstack node-provision', 'inspect', 'r1-n7'],
        ['provide', 'openstack node-provision', 'provide', 'r1-n7'],
        ['sync', 'nautobot device-sync', '', 'r1-n7'],
      ]);
      expect(argsOf(done, 'enroll')).toEqual({
        ...server,
        bmcProtocol: 'redfish',
        resourceClass: '',
        properties: '',
        dryRun: 'false',
      });
      expect(argsOf(done, 'inspect')).toMatchObject({ timeoutSeconds: '1800', dryRun: 'false' });
    });

    it('the BMC password is the site Secret, mounted in the enroll step only; no parameter names a Secret', () => {
      const withPassword = template.spec.templates.filter((t: Any) =>
        (t.volumes ?? []).some((v: Any) => v.secret?.secretName === 'opsflow-ironic-bmc'),
      );
      expect(withPassword.map((t: Any) => t.name)).toEqual(['enroll']);
      expect(withPassword[0].container.env).toContainEqual({
        name: 'BMC_PASSWORD_FILE',
        value: '/etc/opsflow/secrets/bmc/password',
      });
      expect(template.spec.arguments.parameters.map((p: Any) => p.name)).not.toContainEqual(
        expect.stringMatching(/password|secret/i),
      );
    });

    it('a failed inspect provides and syncs nothing; the exit notice says provide did not run', () => {
      const failed = runDag(template.spec, server, (task) =>
        task === 'enroll' ? enrolled : task === 'inspect' ? { phase: 'Failed' } : { phase: 'Succeeded' },
      );
      expect(failed.phases).toMatchObject({
        manage: 'Succeeded',
        inspect: 'Failed',
        provide: 'Omitted',
        sync: 'Omitted',
      });
      expect(failed.workflowPhase).toBe('Failed');
      const exit = template.spec.templates.find((t: Any) => t.name === template.spec.onExit);
      const args = Object.fromEntries(exit.steps[0][0].arguments.parameters.map((p: Any) => [p.name, p.value]));
      expect(args.subject).toBe('Enrolment of ${node}: ${status}');
      expect(args.vars).toBe(
        '{{=toJson({"status": workflow.status, "node": workflow.parameters.name, ' +
          '"uuid": workflow.outputs?.parameters?.nodeUuid ?? "no node: enroll did not finish", ' +
          '"state": workflow.outputs?.parameters?.provisionState ?? "unknown: provide did not run"})}}',
      );
      const enroll = template.spec.templates.find((t: Any) => t.name === 'enroll');
      expect(enroll.outputs.parameters).toContainEqual({
        name: 'nodeUuid',
        globalName: 'nodeUuid',
        valueFrom: { path: '/tmp/outputs/nodeUuid', default: '' },
      });
    });

    it('shares the per-node lock of the single Ironic actions', () => {
      expect(template.spec.synchronization.mutexes).toEqual(
        templateOf('ironic-node-create').spec.synchronization.mutexes,
      );
      expect(template.spec.synchronization.mutexes).toEqual([{ name: 'ironic-node_{{workflow.parameters.name}}' }]);
    });
  });

  it('ironic-node-recover: one bounded reclean, then the sync; a failed reclean is not synced', () => {
    const spec = templateOf('ironic-node-recover').spec;
    const done = runDag(spec, { node: 'r1-n7' });
    expect(sequence(done)).toEqual(['reclean: openstack node-reclean', 'sync: nautobot device-sync']);
    expect(argsOf(done, 'reclean')).toMatchObject({ node: 'r1-n7', maxAttempts: '2' });
    const failed = runDag(spec, { node: 'r1-n7' }, () => ({ phase: 'Failed' }));
    expect(failed.phases.sync).toBe('Omitted');
  });

  it('openstack-project-onboard: the tenant sync gets the id project-create output', () => {
    const done = runDag(
      templateOf('openstack-project-onboard').spec,
      { name: 'orion', quota: '{"cores":8}' },
      (task) => (task === 'create' ? { phase: 'Succeeded', outputs: { projectId: 'f00d' } } : { phase: 'Succeeded' }),
    );
    expect(sequence(done)).toEqual([
      'create: openstack project-create',
      'tenant: nautobot tenant-sync',
      'notifyOperators: notify send',
    ]);
    expect(argsOf(done, 'create')).toMatchObject({ name: 'orion', roles: '["member"]', quota: '{"cores":8}' });
    expect(argsOf(done, 'tenant')).toEqual({ projectId: 'f00d', deleteIfMissing: '', dryRun: 'false' });
  });
});

describe('every composite', () => {
  it.each(composites.map((composite) => [composite.name]))(
    '%s: a name in the table, the argo submit line, an exit handler that notifies, outputs, its own account',
    (name) => {
      expect(namesDoc).toContain(`| \`${name}\` (composite) |`);
      expect(actions.some((action) => action.name === name)).toBe(false);
      const template = templateOf(name);
      const description: string = template.metadata.annotations['workflows.argoproj.io/description'];
      expect(description).toContain(`argo submit --from workflowtemplate/${name}`);
      const exit = template.spec.templates.find((t: Any) => t.name === template.spec.onExit);
      const notify = template.spec.templates.find((t: Any) => t.name === exit.steps[0][0].template);
      expect(notify.container.command).toEqual(['opsflow-step', 'notify', 'send']);
      const published = template.spec.templates.flatMap((t: Any) =>
        (t.outputs?.parameters ?? []).filter((p: Any) => p.globalName),
      );
      expect(published.length).toBeGreaterThan(0);
      expect(template.spec.serviceAccountName).toBe(`opsflow-workflow-${name}`);
    },
  );
});

describe('the composite mechanism', () => {
  const build = (tasks: Any[], outputs?: Any) => {
    const chart = Testing.chart();
    compositeWorkflowTemplate(
      chart,
      site,
      defineComposite({
        name: 'bad-composite',
        title: 't',
        description: 'd',
        input: z.strictObject({ host: z.string().describe('h') }),
        tasks,
        outputs,
        notice: { subject: 's', message: 'm', vars: {} },
      }),
      new SemaphoreConfigMap(chart, 'semaphores'),
    );
    try {
      Testing.synth(chart);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('names an unwired required input, an input the step does not take and an unknown output, at once', () => {
    const message = build([{ name: 'disable', action: novaComputeServiceDisable, arguments: { hots: 'x' } }], {
      report: { task: 'disable', output: 'report' },
    });
    expect(message).toContain('task "disable": service-disable takes no input "hots"');
    expect(message).toContain('task "disable": required input "host" of service-disable is not wired');
    expect(message).toContain('task "disable": required input "reason" of service-disable is not wired');
    expect(message).toContain('output "report": task "disable" has no output "report"');
  });

  it('one approval a DAG: `opsflow approve` finds it by its template name', () => {
    const message = build([
      { name: 'first', approval: true },
      { name: 'second', approval: true, depends: 'first' },
    ]);
    expect(message).toContain('WorkflowTemplate bad-composite: tasks first, second: one approval a DAG');
  });

  it('refuses a notify task through a transport the site does not configure', () => {
    const notifyAction = actions.find((action) => action.name === 'notify-message-send')!;
    const noWebex = loadSite({ ...exampleSite, notify: { ...exampleSite.notify!, webex: undefined } });
    const chart = Testing.chart();
    compositeWorkflowTemplate(
      chart,
      noWebex,
      defineComposite({
        name: 'webex-composite',
        title: 't',
        description: 'd',
        input: z.strictObject({}),
        tasks: [{ name: 'tell', action: notifyAction, arguments: { via: 'webex', to: '["room"]', message: 'hi' } }],
        notice: { subject: 's', message: 'm', vars: {} },
      }),
      new SemaphoreConfigMap(chart, 'semaphores'),
    );
    expect(() => Testing.synth(chart)).toThrow('task "tell" notifies via webex, which site.notify does not configure');
  });
});
