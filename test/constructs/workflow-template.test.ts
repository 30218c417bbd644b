import { Testing } from 'cdk8s';
import { z } from 'zod';
import { defineAction } from '../../src/catalog/action.js';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
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
import { synthesizeObjects } from '../../src/synth/render.js';

const site = loadSite(exampleSite);
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
    expect(Object.keys(byName)).toEqual(['cluster', 'namespace', 'kind', 'name', 'wait', 'timeoutSeconds', 'dryRun']);
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
            parameters: ['cluster', 'namespace', 'kind', 'name', 'wait', 'timeoutSeconds', 'dryRun'].map((name) => ({
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

  it('retries exit code 75 only, with backoff', () => {
    expect(step.retryStrategy).toEqual({
      limit: 3,
      retryPolicy: 'Always',
      expression: 'asInt(lastRetry.exitCode) == 75',
      backoff: { duration: '10s', factor: 2, maxDuration: '5m' },
    });
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

  it('uses v4 plural synchronization, a deadline, a TTL and pod GC', () => {
    expect(spec.synchronization.semaphores).toEqual([
      { configMapKeyRef: { name: 'opsflow-semaphores', key: 'openshift-workload-restart' } },
    ]);
    expect(spec.synchronization.mutexes[0].name).toContain('{{workflow.parameters.name}}');
    expect(spec.synchronization.semaphore).toBeUndefined();
    expect(spec.activeDeadlineSeconds).toBe(4200);
    expect(spec.ttlStrategy).toEqual({ secondsAfterSuccess: 86400, secondsAfterFailure: 604800 });
    expect(spec.podGC).toEqual({ strategy: 'OnPodSuccess' });
    expect(find(objects, 'ConfigMap', 'opsflow-semaphores').data).toEqual({ 'openshift-workload-restart': '5' });
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
      { name: 'reason', required: false, description: 'Why', default: '' },
      { name: 'force', required: false, description: 'Force it', default: 'false', enum: ['true', 'false'] },
      { name: 'count', required: false, description: 'How many', default: '2' },
      { name: 'mode', required: true, description: 'Mode', enum: ['soft', 'hard'] },
      { name: 'state', required: false, description: 'Target state', default: '', enum: ['', 'on', 'off'] },
    ]);
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
      suspend: { duration: '30m' },
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
    expect(main.steps.map((group: Any[]) => group.map((s) => s.template))).toEqual([['approval'], ['rds-reboot']]);
    expect(template.spec.arguments.parameters.map((p: Any) => p.name)).toEqual(['instance', 'dryRun']);
    // The approver and the message are recorded on the node by opsflow approve/reject.
    expect(template.spec.templates.find((t: Any) => t.name === 'approval')).toEqual({
      name: 'approval',
      suspend: {},
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
    expect(template.spec.activeDeadlineSeconds).toBe(3600);
    const account = find(objects, 'ServiceAccount', 'opsflow-workflow-rds-reboot');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': site.aws.roleArn });
    expect(objects.some((o) => o.kind === 'ClusterRole')).toBe(false);
  });

  it('renders file outputs as unarchived, optional output artifacts, never as output parameters', () => {
    const chart = Testing.chart();
    const heapDump = defineAction({
      name: 'java-heap-dump',
      title: 'Dump a Java heap',
      description: 'Dump the heap of a JVM.',
      step: {
        system: 'kubernetes',
        name: 'java-heap-dump',
        input: z.strictObject({ pod: z.string().describe('Pod') }),
        mutating: true,
        outputs: { sizeBytes: 'Size of the heap dump in bytes' },
        files: { heapdump: 'The heap dump (HPROF)' },
      },
    });
    actionWorkflowTemplate(chart, site, heapDump, new SemaphoreConfigMap(chart, 'semaphores'));
    const template = find(Testing.synth(chart) as Any[], 'WorkflowTemplate', 'java-heap-dump');
    const step = template.spec.templates.find((t: Any) => t.name === 'java-heap-dump');
    expect(step.outputs.artifacts).toEqual([
      { name: 'heapdump', path: '/tmp/outputs/heapdump', archive: { none: {} }, optional: true },
    ]);
    expect(step.outputs.parameters.map((p: Any) => p.name)).toEqual(['sizeBytes', 'result']);
  });

  it('renders no artifacts for a step without file outputs, and refuses a file named like a parameter', () => {
    const input = z.strictObject({ pod: z.string().describe('Pod') });
    const base = { name: 'x', site, system: 'kubernetes', step: 'x', input } as const;
    expect(stepTemplate({ ...base, outputs: { a: 'A' } }).outputs).not.toHaveProperty('artifacts');
    expect(() => stepTemplate({ ...base, outputs: { a: 'A' }, files: { a: 'A file' } })).toThrow(/clashes/);
    expect(() => stepTemplate({ ...base, files: { result: 'A file' } })).toThrow(/clashes/);
  });
});
