import { Testing } from 'cdk8s';
import { z } from 'zod';
import { defineAction } from '../../src/catalog/action.js';
import * as catalog from '../../src/catalog/index.js';
import { loadSite, type SiteConfigInput } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { actionWorkflowTemplate } from '../../src/charts/workflowtemplates.js';
import { SemaphoreConfigMap } from '../../src/constructs/platform/semaphores.js';
import { parametersFromSchema } from '../../src/constructs/workflows/parameters.js';
import {
  approvalTemplate,
  dagTemplate,
  stepsTemplate,
  stepTemplate,
} from '../../src/constructs/workflows/step-template.js';
import { WorkflowTemplate } from '../../src/constructs/workflows/workflow-template.js';
import { javaHeapDump } from '../../src/steps/kubernetes/java-heap-dump.js';
import { podLogs } from '../../src/steps/kubernetes/pod-logs.js';
import type { StepDefinition } from '../../src/steps/runtime/step.js';
import { synthesizeObjects } from '../../src/synth/render.js';

// Without roles: the run-limit guard a role's limit adds is tested in test/governance/roles.test.ts.
const site = loadSite({ ...exampleSite, roles: [] });
// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

function exampleObjects(): Any[] {
  return synthesizeObjects(buildApp(site, catalog));
}

function find(objects: Any[], kind: string, name: string): Any {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

describe('openshift-workload-restart WorkflowTemplate', () => {
  const objects = exampleObjects();
  const template = find(objects, 'WorkflowTemplate', 'openshift-workload-restart');
  const spec = template.spec;
  const step = spec.templates.find((t: Any) => t.name === 'workload-restart');

  it('carries the UI title and description annotations', () => {
    expect(template.metadata.annotations['workflows.argoproj.io/title']).toBe(
      'Restart an OpenShift/Kubernetes workload',
    );
    expect(template.metadata.annotations['workflows.argoproj.io/description']).toMatch(/rollout restart/);
    expect(template.metadata.namespace).toBe('opsflow');
  });

  it('derives parameters from the zod schema: required ones without value, defaults as strings, enums', () => {
    const byName = Object.fromEntries(spec.arguments.parameters.map((p: Any) => [p.name, p]));
    expect(Object.keys(byName)).toEqual([
      'cluster',
      'namespace',
      'kind',
      'name',
      'wait',
      'timeoutSeconds',
      'minIntervalMinutes',
      'dryRun',
    ]);
    expect(byName.cluster).toEqual({ name: 'cluster', description: 'Cluster name from the site configuration' });
    expect(byName.kind.enum).toEqual(['Deployment', 'StatefulSet', 'DaemonSet', 'Pod']);
    expect(byName.wait).toMatchObject({ value: 'true', default: 'true', enum: ['true', 'false'] });
    expect(byName.timeoutSeconds).toMatchObject({ value: '600', default: '600' });
    for (const parameter of spec.arguments.parameters) expect(parameter.description).toBeTruthy();
  });

  it('runs the step once, passing the dryRun parameter on as --dry-run=<value>', () => {
    const main = spec.templates.find((t: Any) => t.name === spec.entrypoint);
    expect(main.steps).toEqual([
      [
        {
          name: 'run',
          template: 'workload-restart',
          arguments: {
            parameters: [
              'cluster',
              'namespace',
              'kind',
              'name',
              'wait',
              'timeoutSeconds',
              'minIntervalMinutes',
              'dryRun',
            ].map((name) => ({
              name,
              value: `{{workflow.parameters.${name}}}`,
            })),
          },
        },
      ],
    ]);
    expect(step.container.args.at(-1)).toBe('--dry-run={{inputs.parameters.dryRun}}');
    expect(spec.templates.map((t: Any) => t.name)).toEqual(['main', 'workload-restart']);
    const parameter = spec.arguments.parameters.find((p: Any) => p.name === 'dryRun');
    expect(parameter).toMatchObject({ value: 'false', enum: ['true', 'false'] });
    expect(step.outputs.parameters).toContainEqual({
      name: 'restartedAt',
      valueFrom: { path: '/tmp/outputs/restartedAt', default: '' },
    });
  });

  it('runs `opsflow-step kubernetes workload-restart` from the pinned site image with kebab-case flags', () => {
    expect(step.container.image).toBe(`registry.example.com/platform/opsflow-kubernetes:${site.image.tag}`);
    expect(step.container.command).toEqual(['opsflow-step', 'kubernetes', 'workload-restart']);
    expect(step.container.args).toContain('--timeout-seconds={{inputs.parameters.timeoutSeconds}}');
    expect(step.container.args).toContain('--cluster={{inputs.parameters.cluster}}');
    const main = spec.templates.find((t: Any) => t.name === spec.entrypoint);
    const run = main.steps.flat().find((s: Any) => s.template === 'workload-restart');
    expect(run.arguments.parameters).toContainEqual({ name: 'wait', value: '{{workflow.parameters.wait}}' });
  });

  it('hardens the container and gives it a writable /tmp only', () => {
    expect(step.container.securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(step.container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(step.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } });
    expect(step.container.resources.limits).toEqual({ cpu: '500m', memory: '256Mi' });
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('retries exit code 75 only, with capped backoff and a per-attempt deadline (no maxDuration)', () => {
    expect(step.retryStrategy).toEqual({
      limit: 3,
      retryPolicy: 'Always',
      expression: 'asInt(lastRetry.exitCode) == 75',
      backoff: { duration: '10s', factor: 2, cap: '1m' },
    });
    // timeoutSeconds accepts up to 3600, plus 120 s of start-up.
    expect(step.activeDeadlineSeconds).toBe(3720);
  });

  it('gives the step its cluster access: kubeconfigs of remote clusters as files, the in-cluster name in env', () => {
    const env = Object.fromEntries(step.container.env.map((e: Any) => [e.name, e.value]));
    expect(env).toMatchObject({
      OPSFLOW_OUTPUT_DIR: '/tmp/outputs',
      OPSFLOW_KUBECONFIG_DIR: '/etc/opsflow/kubeconfigs',
      OPSFLOW_IN_CLUSTER: 'local',
      OPSFLOW_DELETABLE_KINDS: 'Pod,Job',
    });
    const kubeconfigs = step.volumes.find((v: Any) => v.name === 'kubeconfigs');
    expect(kubeconfigs.projected.sources).toEqual([
      { secret: { name: 'opsflow-kubeconfig-prod-ocp', items: [{ key: 'kubeconfig', path: 'prod-ocp' }] } },
    ]);
    expect(step.outputs.parameters).toContainEqual({
      name: 'result',
      valueFrom: { path: '/tmp/outputs/result.json', default: '' },
    });
  });

  it('uses v4 plural synchronization (mutex on the Workflow, semaphore on the step), a deadline, a TTL and pod GC', () => {
    expect(Object.keys(spec.synchronization)).toEqual(['mutexes']);
    expect(spec.synchronization.mutexes[0].name).toContain('{{workflow.parameters.name}}');
    expect(step.synchronization).toEqual({
      semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'openshift-workload-restart' } }],
    });
    // The retry window (4 attempts × 3720 s + 70 s of backoff) plus an hour of waiting for a maxParallel slot.
    expect(spec.activeDeadlineSeconds).toBe(4 * 3720 + 70 + 3600);
    expect(spec.ttlStrategy).toEqual({ secondsAfterSuccess: 86400, secondsAfterFailure: 604800 });
    expect(spec.podGC).toEqual({ strategy: 'OnPodSuccess' });
    // Its own key only: the catalog-wide tests (test/catalog) check every other action's.
    expect(find(objects, 'ConfigMap', 'opsflow-semaphores').data['openshift-workload-restart']).toBe('5');
  });

  it('runs as its own ServiceAccount, allowed to report task results and restart workloads, nothing more', () => {
    expect(spec.serviceAccountName).toBe('opsflow-workflow-openshift-workload-restart');
    find(objects, 'ServiceAccount', 'opsflow-workflow-openshift-workload-restart');
    expect(find(objects, 'Role', 'opsflow-workflow-openshift-workload-restart').rules).toEqual([
      { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
    ]);
    const clusterRole = find(objects, 'ClusterRole', 'opsflow-workflow-openshift-workload-restart');
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules).toContainEqual({ apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] });
    const everything = JSON.stringify(clusterRole.rules);
    expect(everything).not.toContain('"*"');
  });
});

describe('parametersFromSchema', () => {
  it('gives optional fields without default an empty default and renders numbers and booleans as strings', () => {
    const schema = z.strictObject({
      reason: z.string().optional().describe('Why'),
      force: z.boolean().default(false).describe('Force it'),
      count: z.number().default(2).describe('How many'),
      mode: z.enum(['soft', 'hard']).describe('Mode'),
      state: z.enum(['on', 'off']).optional().describe('Target state'),
    });
    expect(parametersFromSchema(schema)).toEqual([
      { name: 'reason', required: false, description: 'Why', default: '', type: 'string' },
      {
        name: 'force',
        required: false,
        description: 'Force it',
        default: 'false',
        enum: ['true', 'false'],
        type: 'boolean',
      },
      { name: 'count', required: false, description: 'How many', default: '2', type: 'number' },
      { name: 'mode', required: true, description: 'Mode', enum: ['soft', 'hard'], type: 'string' },
      {
        name: 'state',
        required: false,
        description: 'Target state',
        default: '',
        enum: ['', 'on', 'off'],
        type: 'string',
      },
    ]);
    // A regex is kept, so synth can tell which characters a value may hold (target mutex keys).
    expect(
      parametersFromSchema(
        z.strictObject({
          ns: z
            .string()
            .regex(/^[a-z]+$/)
            .describe('Ns'),
        }),
      ),
    ).toEqual([{ name: 'ns', required: true, description: 'Ns', type: 'string', pattern: '^[a-z]+$' }]);
  });
});

describe('WorkflowTemplate construct', () => {
  const input = z.strictObject({ node: z.string().describe('Ironic node') });

  it('renders steps, a DAG, an approval node and an exit handler', () => {
    const chart = Testing.chart();
    const run = stepTemplate({ name: 'power', site, system: 'openstack', step: 'node-power', input, mutating: true });
    new WorkflowTemplate(chart, 'wt', {
      name: 'node-power',
      title: 'Power',
      description: 'Power a node',
      entrypoint: 'main',
      serviceAccountName: 'sa',
      parameters: parametersFromSchema(input),
      onExit: 'notify',
      templates: [
        stepsTemplate('main', [[{ name: 'approve', template: 'approval' }], [{ name: 'go', template: 'fanout' }]]),
        dagTemplate('fanout', [
          { name: 'a', template: 'power' },
          { name: 'b', template: 'power', depends: 'a' },
        ]),
        approvalTemplate('approval', '30m'),
        run,
        { name: 'notify', container: { name: 'main', image: 'registry.example.com/x/notify:1.0.0' } },
      ],
    });
    const [object] = Testing.synth(chart) as Any[];
    expect(object.spec.onExit).toBe('notify');
    expect(object.spec.templates[0].steps).toEqual([
      [{ name: 'approve', template: 'approval' }],
      [{ name: 'go', template: 'fanout' }],
    ]);
    expect(object.spec.templates[1].dag.tasks[1]).toEqual({ name: 'b', template: 'power', depends: 'a' });
    expect(object.spec.templates[2]).toEqual({
      name: 'approval',
      // The duration is an input: the approval gate passes the run's timeout (src/charts/approval-gate.ts).
      inputs: { parameters: [{ name: 'timeout', default: '30m' }] },
      suspend: { duration: '{{inputs.parameters.timeout}}' },
      outputs: {
        parameters: [
          { name: 'approver', valueFrom: { supplied: {}, default: '' } },
          { name: 'message', valueFrom: { supplied: {}, default: '' } },
        ],
      },
    });
    expect(run.container?.args).toEqual([
      '--node={{inputs.parameters.node}}',
      '--dry-run={{inputs.parameters.dryRun}}',
    ]);
    const env = Object.fromEntries((run.container?.env ?? []).map((e) => [e.name, e.value]));
    expect(env.OS_CLIENT_CONFIG_FILE).toBe('/etc/opsflow/secrets/openstack/clouds.yaml');
    expect(env.OS_CLOUD).toBe('example');
    expect(run.container?.image).toBe(`registry.example.com/platform/opsflow-openstack:${site.image.tag}`);
  });

  it('reports every error at once: schema violations, dangling references, undocumented parameters', () => {
    const chart = Testing.chart();
    new WorkflowTemplate(chart, 'wt', {
      name: 'broken',
      title: 't',
      description: 'd',
      entrypoint: 'start',
      serviceAccountName: 'sa',
      parameters: [
        { name: 'x', required: true },
        { name: 'y', required: false, description: 'Y', default: 'maybe', enum: ['yes', 'no'] },
        { name: 'y', required: false, description: 'Y again' },
      ],
      templates: [
        stepsTemplate('main', [[{ name: 'a', template: 'missing' }]]),
        // biome-ignore lint/suspicious/noExplicitAny: a wrong type on purpose
        { name: 'bad', container: { name: 'main', image: 'i:1', args: 'not-a-list' as any } },
      ],
    });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/WorkflowTemplate broken: entrypoint names template "start", which does not exist/);
    expect(message).toMatch(/WorkflowTemplate broken: step "a" of "main" names template "missing"/);
    expect(message).toMatch(/WorkflowTemplate broken: parameter "x" has no description/);
    expect(message).toMatch(/WorkflowTemplate broken: parameter "y" is declared twice/);
    expect(message).toMatch(/WorkflowTemplate broken: parameter "y" default "maybe" is not one of \["yes","no"\]/);
    expect(message).toMatch(
      /WorkflowTemplate broken: \/spec\/templates\/1\/container\/args must be array .* \(got "not-a-list"\)/,
    );
  });

  it('refuses a name that is no label, an empty title or description, and a deadline that is not positive', () => {
    const chart = Testing.chart();
    new WorkflowTemplate(chart, 'wt', {
      name: 'Node_Power',
      title: ' ',
      description: '',
      entrypoint: 'main',
      serviceAccountName: 'sa',
      activeDeadlineSeconds: 0,
      templates: [approvalTemplate('main')],
    });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /WorkflowTemplate Node_Power: metadata.name: must be a lowercase RFC 1123 label .*\(got "Node_Power"\)/,
    );
    expect(message).toMatch(
      /WorkflowTemplate Node_Power: metadata.annotations\["workflows.argoproj.io\/title"\]: must not be empty \(got " "\)/,
    );
    expect(message).toMatch(
      /metadata.annotations\["workflows.argoproj.io\/description"\]: must not be empty \(got ""\)/,
    );
    expect(message).toMatch(/spec.activeDeadlineSeconds: must be a positive whole number of seconds \(got 0\)/);
  });
});

describe('actionWorkflowTemplate', () => {
  const input = z.strictObject({ instance: z.string().describe('RDS instance') });
  const action = defineAction({
    name: 'rds-reboot',
    title: 'Reboot an RDS instance',
    description: 'Reboot, after a person approves.',
    step: {
      system: 'aws',
      name: 'rds-reboot',
      input,
      mutating: true,
      outputs: { status: 'Instance status after the reboot' },
    },
    approval: true,
    resources: { requests: { memory: '128Mi' }, limits: { memory: '1Gi' } },
    tmpSize: '2Gi',
  });

  it('puts the approval before the step, annotates the ServiceAccount for IRSA and grants no cluster access', () => {
    const chart = Testing.chart();
    actionWorkflowTemplate(chart, site, action, new SemaphoreConfigMap(chart, 'semaphores'));
    const objects = Testing.synth(chart) as Any[];
    const template = find(objects, 'WorkflowTemplate', 'rds-reboot');
    const main = template.spec.templates.find((t: Any) => t.name === 'main');
    // A site without approving roles has nobody to check: the gate is the suspend node alone, waiting for a person
    // with no timeout (nothing would tell a timed-out decision from an approval).
    expect(main.steps.map((group: Any[]) => group.map((s) => s.template))).toEqual([['approval-gate'], ['rds-reboot']]);
    expect(template.spec.templates.find((t: Any) => t.name === 'approval-gate').steps).toEqual([
      [
        {
          name: 'decision',
          template: 'approval',
          arguments: { parameters: [{ name: 'timeout', value: '' }] },
        },
      ],
    ]);
    expect(template.spec.arguments.parameters.map((p: Any) => p.name)).toEqual(['instance', 'dryRun']);
    // The approver and the message are recorded on the node by opsflow approve/reject.
    expect(template.spec.templates.find((t: Any) => t.name === 'approval')).toEqual({
      name: 'approval',
      inputs: { parameters: [{ name: 'timeout', default: '' }] },
      suspend: { duration: '{{inputs.parameters.timeout}}' },
      outputs: {
        parameters: [
          { name: 'approver', valueFrom: { supplied: {}, default: '' } },
          { name: 'message', valueFrom: { supplied: {}, default: '' } },
        ],
      },
    });
    const step = template.spec.templates.find((t: Any) => t.name === 'rds-reboot');
    expect(step.container.image).toBe(`registry.example.com/platform/opsflow-aws:${site.image.tag}`);
    expect(step.container.env).toContainEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
    expect(step.container.resources).toEqual({ requests: { memory: '128Mi' }, limits: { memory: '1Gi' } });
    expect(step.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '2Gi' } });
    expect(step.outputs.parameters).toContainEqual({
      name: 'status',
      valueFrom: { path: '/tmp/outputs/status', default: '' },
    });
    expect(template.spec.synchronization).toBeUndefined();
    // A step that does not wait: 4 attempts × (600 + 120) s + 70 s of backoff, plus an hour for the approval.
    expect(template.spec.activeDeadlineSeconds).toBe(4 * 720 + 70 + 3600);
    const account = find(objects, 'ServiceAccount', 'opsflow-workflow-rds-reboot');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': site.aws.roleArn });
    expect(objects.some((o) => o.kind === 'ClusterRole')).toBe(false);
  });

  it('renders no artifacts for a step without file outputs, and refuses a file named like a parameter', () => {
    const input = z.strictObject({ pod: z.string().describe('Pod') });
    const base = { name: 'x', site, system: 'kubernetes', step: 'x', input } as const;
    expect(stepTemplate({ ...base, outputs: { a: 'A' } }).outputs).not.toHaveProperty('artifacts');
    expect(() => stepTemplate({ ...base, outputs: { a: 'A' }, files: { a: 'A file' } })).toThrow(/clashes/);
    expect(() => stepTemplate({ ...base, files: { result: 'A file' } })).toThrow(/clashes/);
  });
});

/** The catalog's way to an action's template, for the two steps with file outputs (not in the catalog yet). */
function fileOutputAction(step: StepDefinition) {
  return defineAction({
    name: `test-${step.name}`,
    title: step.name,
    description: step.description,
    step: {
      system: step.system,
      name: step.name,
      input: step.input,
      mutating: step.mutating,
      outputs: step.outputs,
      files: step.files,
      cappedFiles: step.cappedFiles,
    },
  });
}

function actionTemplate(artifacts: SiteConfigInput['artifacts'], step: StepDefinition): Any {
  const chart = Testing.chart();
  actionWorkflowTemplate(
    chart,
    loadSite({ ...exampleSite, artifacts }),
    fileOutputAction(step),
    new SemaphoreConfigMap(chart, 'semaphores'),
  );
  return find(Testing.synth(chart) as Any[], 'WorkflowTemplate', `test-${step.name}`);
}

function actionTemplateError(artifacts: SiteConfigInput['artifacts'], step: StepDefinition): string {
  try {
    actionTemplate(artifacts, step);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth succeeded');
}

const stepOf = (template: Any, name: string) => template.spec.templates.find((t: Any) => t.name === name);
const envOf = (step: Any) => Object.fromEntries(step.container.env.map((e: Any) => [e.name, e.value]));

describe('file outputs (pod-logs, java-heap-dump) by the site artifact repository', () => {
  const unarchived = (name: string) => ({ name, path: `/tmp/outputs/${name}`, archive: { none: {} }, optional: true });

  it('default: unarchived, optional output artifacts in the namespace default repository, never parameters', () => {
    const logs = actionTemplate({ repository: 'default' }, podLogs);
    expect(stepOf(logs, 'pod-logs').outputs).toEqual({
      parameters: [{ name: 'result', valueFrom: { path: '/tmp/outputs/result.json', default: '' } }],
      artifacts: [unarchived('logs')],
    });
    expect(envOf(stepOf(logs, 'pod-logs'))).not.toHaveProperty('OPSFLOW_FILE_OUTPUT_MAX_BYTES');
    expect(logs.spec).not.toHaveProperty('artifactRepositoryRef');
    const heap = stepOf(actionTemplate({ repository: 'default' }, javaHeapDump), 'java-heap-dump');
    expect(heap.outputs.artifacts).toEqual([unarchived('heapdump')]);
    expect(heap.outputs.parameters.map((p: Any) => p.name)).toEqual(['sizeBytes', 'result']);
  });

  it('{ configMap, key }: the templates with artifacts name it as spec.artifactRepositoryRef, the others do not', () => {
    const repository = { configMap: 'artifact-repositories', key: 'minio' };
    for (const step of [podLogs, javaHeapDump]) {
      const template = actionTemplate({ repository }, step);
      expect(template.spec.artifactRepositoryRef).toEqual(repository);
      expect(stepOf(template, step.name).outputs.artifacts).toHaveLength(1);
    }
    const objects = synthesizeObjects(
      buildApp(loadSite({ ...exampleSite, artifacts: { repository } }), catalog),
    ) as Any[];
    expect(find(objects, 'WorkflowTemplate', 'openshift-workload-restart').spec).not.toHaveProperty(
      'artifactRepositoryRef',
    );
  });

  it('none: pod-logs keeps its logs as an output parameter, and the step is told the cap', () => {
    const step = stepOf(actionTemplate({ repository: 'none', maxParameterBytes: 32_768 }, podLogs), 'pod-logs');
    expect(step.outputs).toEqual({
      parameters: [
        { name: 'logs', valueFrom: { path: '/tmp/outputs/logs', default: '' } },
        { name: 'result', valueFrom: { path: '/tmp/outputs/result.json', default: '' } },
      ],
    });
    expect(envOf(step).OPSFLOW_FILE_OUTPUT_MAX_BYTES).toBe('32768');
    expect(
      envOf(stepOf(actionTemplate({ repository: 'none' }, podLogs), 'pod-logs')).OPSFLOW_FILE_OUTPUT_MAX_BYTES,
    ).toBe('65536');
  });

  it('none: java-heap-dump, whose heap dump has no size-limited form, is a synth error naming the site field', () => {
    expect(actionTemplateError({ repository: 'none' }, javaHeapDump)).toBe(
      'Validation failed with the following errors:\n' +
        '  [test/test-java-heap-dump] WorkflowTemplate test-java-heap-dump: site.artifacts.repository: is "none", but ' +
        'template "java-heap-dump" saves output artifact "heapdump", which needs an artifact repository (the step ' +
        'would fail saving it): set "default" or { configMap, key }, or drop this action (got "none")',
    );
  });

  it('none: a template built from step templates with file outputs is refused the same way', () => {
    const chart = Testing.chart();
    const input = z.strictObject({ node: z.string().describe('Node') });
    const noRepository = loadSite({ ...exampleSite, artifacts: { repository: 'none' } });
    new WorkflowTemplate(chart, 'wt', {
      name: 'console',
      title: 'Console',
      description: 'Console logs',
      entrypoint: 'console',
      serviceAccountName: 'sa',
      parameters: parametersFromSchema(input),
      templates: [
        stepTemplate({
          name: 'console',
          site: noRepository,
          system: 'openstack',
          step: 'x',
          input,
          files: { log: 'L' },
        }),
      ],
      artifactRepository: noRepository.artifacts.repository,
    });
    expect(() => Testing.synth(chart)).toThrow(
      /WorkflowTemplate console: site.artifacts.repository: is "none", but template "console" saves output artifact "log"/,
    );
  });
});
