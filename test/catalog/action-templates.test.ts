import { parse } from 'yaml';
import { z } from 'zod';
import { actionDescription, argoSubmit } from '../../src/catalog/description.js';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { renderYaml, synthesizeObjects } from '../../src/synth/render.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

function generated(siteInput = exampleSite) {
  const objects = synthesizeObjects(buildApp(loadSite(siteInput), catalog)) as Any[];
  return (kind: string, name: string): Any =>
    objects.find((object) => object.kind === kind && object.metadata.name === name);
}
const find = generated();
const stepOf = (template: Any): Any =>
  template.spec.templates.find((t: Any) => t.container?.command?.[0] === 'opsflow-step');
const parameter = (template: Any, name: string): Any =>
  template.spec.arguments.parameters.find((p: Any) => p.name === name);

/** What kubectl and Argo CD read: YAML 1.1, where a bare `on` is the boolean true. */
function asKubectlReadsIt(object: Any): Any {
  return parse(renderYaml(object), { version: '1.1' });
}

describe('what specific catalog entries generate', () => {
  it('ironic-node-power: power is a required on/off/reboot dropdown that YAML 1.1 readers still see as strings', () => {
    const template = asKubectlReadsIt(find('WorkflowTemplate', 'ironic-node-power'));
    expect(parameter(template, 'power')).toEqual({
      name: 'power',
      description: 'Power the node on or off, or reboot it',
      enum: ['on', 'off', 'reboot'],
    });
    expect(parameter(template, 'soft')).toMatchObject({ value: 'false', enum: ['true', 'false'] });
    expect(stepOf(template).container.command).toEqual(['opsflow-step', 'openstack', 'node-power']);
    expect(template.spec.synchronization.mutexes).toEqual([{ name: 'ironic-node_{{workflow.parameters.node}}' }]);
  });

  it('ironic-node-maintenance: an optional reason defaults to "" and maintenance on/off stays a string', () => {
    const template = asKubectlReadsIt(find('WorkflowTemplate', 'ironic-node-maintenance'));
    expect(parameter(template, 'maintenance').enum).toEqual(['on', 'off']);
    expect(parameter(template, 'reason')).toMatchObject({ value: '', default: '' });
  });

  it('openshift-workload-delete: the ClusterRole may get and delete exactly the kinds the site allows', () => {
    expect(find('ClusterRole', 'opsflow-workflow-openshift-workload-delete').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'delete'] },
    ]);
    const wider = generated({
      ...exampleSite,
      kubernetes: { ...exampleSite.kubernetes, deletableKinds: ['Deployment', 'CronJob'] },
    });
    expect(wider('ClusterRole', 'opsflow-workflow-openshift-workload-delete').rules).toEqual([
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'delete'] },
      { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'delete'] },
    ]);
    const env = stepOf(wider('WorkflowTemplate', 'openshift-workload-delete')).container.env;
    expect(env).toContainEqual({ name: 'OPSFLOW_DELETABLE_KINDS', value: 'Deployment,CronJob' });
  });

  it('openshift-workload-delete and -restart of one object share one mutex', () => {
    const mutex = (name: string) => find('WorkflowTemplate', name).spec.synchronization.mutexes;
    expect(mutex('openshift-workload-delete')).toEqual(mutex('openshift-workload-restart'));
  });

  it('openshift-java-heap-dump: exec and read the pod only, an 8Gi /tmp and the dump as an artifact', () => {
    expect(find('ClusterRole', 'opsflow-workflow-openshift-java-heap-dump').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
    ]);
    const step = stepOf(find('WorkflowTemplate', 'openshift-java-heap-dump'));
    expect(step.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '8Gi' } });
    expect(step.outputs.artifacts).toEqual([
      { name: 'heapdump', path: '/tmp/outputs/heapdump', archive: { none: {} }, optional: true },
    ]);
  });

  it('openshift-pod-logs: read-only: no dryRun, no lock, only get/list rules', () => {
    const template = find('WorkflowTemplate', 'openshift-pod-logs');
    expect(parameter(template, 'dryRun')).toBeUndefined();
    expect(template.spec.synchronization).toBeUndefined();
    const verbs = find('ClusterRole', 'opsflow-workflow-openshift-pod-logs').rules.flatMap((rule: Any) => rule.verbs);
    expect([...new Set(verbs)].sort()).toEqual(['get', 'list']);
  });

  it('aws-rds-reboot: credentials by IRSA only: the role on its ServiceAccount, the region in env, no Secret', () => {
    const template = find('WorkflowTemplate', 'aws-rds-reboot');
    const account = find('ServiceAccount', template.spec.serviceAccountName);
    expect(account.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/opsflow-steps',
    });
    const step = stepOf(template);
    expect(step.container.image).toMatch(/\/opsflow-aws:/);
    expect(step.container.env).toContainEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
    expect(step.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(find('ClusterRole', 'opsflow-workflow-aws-rds-reboot')).toBeUndefined();
    // Every RDS action locks the same instance key.
    const mutexes = ['aws-rds-reboot', 'aws-rds-start', 'aws-rds-stop', 'aws-rds-snapshot'].map(
      (name) => find('WorkflowTemplate', name).spec.synchronization.mutexes[0].name,
    );
    expect(new Set(mutexes)).toEqual(new Set(['rds-instance_{{workflow.parameters.instance}}']));
  });

  it('alertmanager and notify steps get the Workflow namespace and uid (Argo sets only the name); others do not', () => {
    const identity = [
      { name: 'ARGO_WORKFLOW_NAMESPACE', value: '{{workflow.namespace}}' },
      { name: 'ARGO_WORKFLOW_UID', value: '{{workflow.uid}}' },
    ];
    for (const name of ['alertmanager-silence-create', 'alertmanager-silence-expire', 'notify-message-send']) {
      const env = stepOf(find('WorkflowTemplate', name)).container.env;
      expect({ name, identity: env.filter((e: Any) => e.name.startsWith('ARGO_')) }).toEqual({ name, identity });
    }
    for (const name of ['jira-issue-create', 'nova-hypervisor-drain', 'aws-rds-reboot']) {
      const env = stepOf(find('WorkflowTemplate', name)).container.env;
      expect({ name, identity: env.filter((e: Any) => e.name.startsWith('ARGO_')) }).toEqual({ name, identity: [] });
    }
  });

  it('alertmanager-silence-create and -expire: the notify image, ALERTMANAGER_URL, the token file, one lock per key', () => {
    const create = find('WorkflowTemplate', 'alertmanager-silence-create');
    const step = stepOf(create);
    expect(step.container.image).toMatch(/\/opsflow-notify:/);
    expect(step.container.command).toEqual(['opsflow-step', 'alertmanager', 'silence-create']);
    expect(step.container.env).toEqual(
      expect.arrayContaining([
        { name: 'ALERTMANAGER_URL', value: 'http://alertmanager.monitoring.svc:9093' },
        { name: 'ALERTMANAGER_TOKEN_FILE', value: '/etc/opsflow/secrets/alertmanager-token/token' },
      ]),
    );
    const mutexes = create.spec.synchronization.mutexes;
    expect(mutexes).toEqual([{ name: 'alertmanager-silence_{{workflow.parameters.key}}' }]);
    expect(find('WorkflowTemplate', 'alertmanager-silence-expire').spec.synchronization.mutexes).toEqual(mutexes);
  });

  it('notify-message-send: via is a dropdown; the site sender and UI address are env defaults, secrets are files', () => {
    const template = find('WorkflowTemplate', 'notify-message-send');
    expect(parameter(template, 'via').enum).toEqual(['slack-webhook', 'slack', 'webex', 'webhook', 'email']);
    expect(parameter(template, 'from')).toMatchObject({ value: '' });
    const step = stepOf(template);
    expect(step.container.env).toEqual(
      expect.arrayContaining([
        { name: 'OPSFLOW_FROM', value: 'opsflow <opsflow@example.com>' },
        { name: 'OPSFLOW_ARGO_UI_URL', value: 'https://argo.example.com' },
        { name: 'SMTP_PASSWORD_FILE', value: '/etc/opsflow/secrets/smtp-password/password' },
      ]),
    );
    expect(step.volumes.map((volume: Any) => volume.secret?.secretName).filter(Boolean)).toEqual([
      'opsflow-slack',
      'opsflow-slack',
      'opsflow-webex-token',
      'opsflow-notify-webhook',
      'opsflow-notify-webhook',
      'opsflow-smtp',
    ]);
    expect(template.spec.synchronization).toBeUndefined();
  });

  it("aws-elasticache-flush: only its pods mount the AUTH tokens, and the token file is the run's group", () => {
    const step = stepOf(find('WorkflowTemplate', 'aws-elasticache-flush'));
    expect(step.container.env).toContainEqual({
      name: 'REDIS_AUTH_TOKEN_FILE',
      value: '/etc/opsflow/secrets/elasticache/{{inputs.parameters.replicationGroup}}',
    });
    expect(step.volumes).toContainEqual({
      name: 'elasticache-auth',
      secret: { secretName: 'opsflow-elasticache-auth', defaultMode: 0o440 },
    });
    expect(JSON.stringify(stepOf(find('WorkflowTemplate', 'aws-rds-reboot')))).not.toContain('elasticache');
    expect(find('ExternalSecret', 'opsflow-elasticache-auth').spec.data).toEqual([
      { secretKey: 'sessions-cache', remoteRef: { key: 'opsflow/aws/elasticache-auth', property: 'sessions-cache' } },
    ]);
    expect(find('WorkflowTemplate', 'aws-elasticache-flush').spec.synchronization.mutexes).toEqual([
      { name: 'elasticache-group_{{workflow.parameters.replicationGroup}}' },
    ]);
  });

  it('nova-hypervisor-servers and keystone-project-contacts read only: no dryRun, no lock', () => {
    for (const name of ['nova-hypervisor-servers', 'keystone-project-contacts']) {
      const template = find('WorkflowTemplate', name);
      expect({ name, dryRun: parameter(template, 'dryRun'), sync: template.spec.synchronization }).toEqual({
        name,
        dryRun: undefined,
        sync: undefined,
      });
    }
  });

  it('nautobot-device-sync: the Nautobot token and clouds.yaml mounted as files, nothing in parameters', () => {
    const template = find('WorkflowTemplate', 'nautobot-device-sync');
    const step = stepOf(template);
    expect(step.container.env).toContainEqual({
      name: 'NAUTOBOT_TOKEN_FILE',
      value: '/etc/opsflow/secrets/nautobot/token',
    });
    expect(step.volumes.map((volume: Any) => volume.secret?.secretName).filter(Boolean)).toEqual([
      'opsflow-openstack-clouds',
      'opsflow-nautobot-token',
    ]);
    expect(template.spec.arguments.parameters.map((p: Any) => p.name)).not.toContain('token');
  });

  it('nova: disable, enable and drain of one host share a mutex; drains are limited to two at once', () => {
    const mutex = (name: string) => find('WorkflowTemplate', name).spec.synchronization.mutexes;
    expect(mutex('nova-compute-service-disable')).toEqual([{ name: 'nova-compute-host_{{workflow.parameters.host}}' }]);
    expect(mutex('nova-compute-service-enable')).toEqual(mutex('nova-compute-service-disable'));
    expect(mutex('nova-hypervisor-drain')).toEqual(mutex('nova-compute-service-disable'));
    expect(find('ConfigMap', 'opsflow-semaphores').data['nova-hypervisor-drain']).toBe('2');
    // One attempt may drain for 12 hours (stepSeconds), and the Workflow outlives all four attempts.
    const drain = find('WorkflowTemplate', 'nova-hypervisor-drain');
    const step = drain.spec.templates.find((t: Any) => t.container);
    expect(step.activeDeadlineSeconds).toBe(12 * 3600 + 120);
    expect(drain.spec.activeDeadlineSeconds).toBeGreaterThan(4 * step.activeDeadlineSeconds);
  });

  it('nova server and hypervisor actions describe their poll interval as reads of the server, not of a node', () => {
    for (const name of ['nova-server-reboot', 'nova-server-migrate', 'nova-hypervisor-drain']) {
      expect(parameter(find('WorkflowTemplate', name), 'pollIntervalSeconds').description).toBe(
        'Seconds between two reads of the server while waiting',
      );
    }
  });

  it('nautobot-devices-resync: one run at a time across the site, no per-target mutex', () => {
    const template = find('WorkflowTemplate', 'nautobot-devices-resync');
    expect(template.spec.synchronization).toBeUndefined();
    const step = template.spec.templates.find((t: { container?: unknown }) => t.container);
    expect(step.synchronization).toEqual({
      semaphores: [{ configMapKeyRef: { name: 'opsflow-semaphores', key: 'nautobot-devices-resync' } }],
    });
    expect(find('ConfigMap', 'opsflow-semaphores').data['nautobot-devices-resync']).toBe('1');
  });

  it('keystone-project-create: the description shows JSON parameters single-quoted for the shell', () => {
    const description = find('WorkflowTemplate', 'keystone-project-create').metadata.annotations[
      'workflows.argoproj.io/description'
    ];
    expect(description).toContain(
      `argo submit --from workflowtemplate/keystone-project-create -p name=shop-prod -p 'users=["alice"]'`,
    );
  });
});

describe('catalog helpers', () => {
  const _input = z.strictObject({
    host: z.string().describe('Host'),
    reason: z.string().describe('Why'),
  });

  it('argoSubmit quotes only values the shell would split or expand', () => {
    expect(argoSubmit('x', { node: 'compute-17', reason: 'DIMM replacement', steps: `[{"a":"it's"}]` })).toBe(
      `argo submit --from workflowtemplate/x -p node=compute-17 -p 'reason=DIMM replacement' -p 'steps=[{"a":"it'\\''s"}]'`,
    );
  });

  it('actionDescription puts the parts in a fixed order and ends with the submit line in a code block', () => {
    const text = actionDescription({
      summary: 'Does it.',
      changes: 'this',
      needs: 'that',
      outputs: '`result`.',
      example: { template: 'x-y-z', parameters: { a: '1' } },
    });
    expect(text).toBe(
      'Does it.\n\n**Changes:** this\n\n**Needs:** that\n\n**Outputs:** `result`.\n\n' +
        '```\nargo submit --from workflowtemplate/x-y-z -p a=1\n```',
    );
  });
});
