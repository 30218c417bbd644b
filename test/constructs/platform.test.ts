import { Testing } from 'cdk8s';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { ArgoCdChart, SYNCED_FOLDERS } from '../../src/charts/argocd.js';
import { PlatformChart } from '../../src/charts/platform.js';
import { ExternalSecret } from '../../src/constructs/platform/external-secret.js';
import { SemaphoreConfigMap } from '../../src/constructs/platform/semaphores.js';
import { WorkloadServiceAccount } from '../../src/constructs/platform/service-account.js';
import { OUTPUT_FOLDERS } from '../../src/synth/render.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;
const site = loadSite(exampleSite);

function synthError(build: (chart: ReturnType<typeof Testing.chart>) => void): string {
  const chart = Testing.chart();
  build(chart);
  try {
    Testing.synth(chart);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth succeeded');
}

describe('platform chart', () => {
  const objects = Testing.synth(new PlatformChart(Testing.app(), 'platform', site)) as Any[];

  it('declares one ExternalSecret per credential of the site, reading from the site store, and no Secret', () => {
    const secrets = objects.filter((o) => o.kind === 'ExternalSecret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
      'opsflow-alertmanager-api',
      'opsflow-alertmanager-webhook',
      'opsflow-elasticache-auth',
      'opsflow-ironic-bmc',
      'opsflow-jira-token',
      'opsflow-kubeconfig-prod-ocp',
      'opsflow-nautobot-token',
      'opsflow-nautobot-webhook',
      'opsflow-notify-webhook',
      'opsflow-openstack-amqp',
      'opsflow-openstack-clouds',
      'opsflow-slack',
      'opsflow-smtp',
      'opsflow-webex-token',
    ]);
    const amqp = secrets.find((s) => s.metadata.name === 'opsflow-openstack-amqp');
    expect(amqp.apiVersion).toBe('external-secrets.io/v1');
    expect(amqp.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(amqp.spec.target).toEqual({ name: 'opsflow-openstack-amqp', creationPolicy: 'Owner' });
    expect(amqp.spec.data).toEqual([
      { secretKey: 'username', remoteRef: { key: 'opsflow/openstack/amqp', property: 'username' } },
      { secretKey: 'password', remoteRef: { key: 'opsflow/openstack/amqp', property: 'password' } },
    ]);
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('declares the BMC password (key password) only when the site sets openstack.bmcPassword', () => {
    const bmc = objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'opsflow-ironic-bmc');
    expect(bmc.spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'opsflow/openstack/bmc-password', property: 'password' } },
    ]);
    const { bmcPassword: _, ...openstack } = exampleSite.openstack;
    const without = loadSite({ ...exampleSite, openstack });
    const names = (Testing.synth(new PlatformChart(Testing.app(), 'platform', without)) as Any[]).map(
      (o) => o.metadata.name,
    );
    expect(names).not.toContain('opsflow-ironic-bmc');
  });

  it('adds the Jira token (key token) when the site configures Jira', () => {
    const withJira = loadSite({
      ...exampleSite,
      jira: {
        url: 'https://jira.example.com',
        deployment: 'server',
        token: { name: 'opsflow-jira-token', remoteKey: 'opsflow/jira/pat' },
      },
    });
    const jira = (Testing.synth(new PlatformChart(Testing.app(), 'platform', withJira)) as Any[]).find(
      (o) => o.kind === 'ExternalSecret' && o.metadata.name === 'opsflow-jira-token',
    );
    expect(jira.spec.data).toEqual([{ secretKey: 'token', remoteRef: { key: 'opsflow/jira/pat', property: 'token' } }]);
  });

  it('declares the notify and Alertmanager API secrets with the keys the step pods mount; a shared Secret gets both', () => {
    const data = (name: string) =>
      objects
        .find((o) => o.kind === 'ExternalSecret' && o.metadata.name === name)
        .spec.data.map((d: Any) => d.secretKey);
    expect(data('opsflow-slack')).toEqual(['url', 'token']);
    expect(data('opsflow-notify-webhook')).toEqual(['url', 'token']);
    expect(data('opsflow-webex-token')).toEqual(['token']);
    expect(data('opsflow-smtp')).toEqual(['password']);
    expect(data('opsflow-alertmanager-api')).toEqual(['token']);
  });

  it('refuses one secret name used for two store paths', () => {
    const clash = loadSite({
      ...exampleSite,
      nautobot: { ...exampleSite.nautobot, token: { name: 'opsflow-openstack-amqp', remoteKey: 'other/path' } },
    });
    expect(() => new PlatformChart(Testing.app(), 'platform', clash)).toThrow(
      /secret "opsflow-openstack-amqp" is used for two store paths: "opsflow\/openstack\/amqp" and "other\/path"/,
    );
  });
});

describe('ExternalSecret', () => {
  it('refuses one without keys, naming it', () => {
    const message = synthError((chart) => {
      new ExternalSecret(chart, 'es', {
        name: 'opsflow-empty',
        remoteKey: 'opsflow/empty',
        keys: [],
        secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
      });
    });
    expect(message).toMatch(/ExternalSecret opsflow-empty: spec.data: needs at least one key \(got \[\]\)/);
  });
});

describe('WorkloadServiceAccount', () => {
  it('refuses an RBAC wildcard, naming the account and the field', () => {
    const message = synthError((chart) => {
      new WorkloadServiceAccount(chart, 'sa', { name: 'opsflow-x' }).grant({
        apiGroups: ['apps'],
        resources: ['*'],
        verbs: ['get'],
      });
    });
    expect(message).toMatch(/ServiceAccount opsflow-x: RBAC wildcard in resources \["\*"\] is not allowed/);
  });

  it('refuses a subresource wildcard too (`*/scale`, `pods/*`)', () => {
    const message = synthError((chart) => {
      new WorkloadServiceAccount(chart, 'sa', { name: 'opsflow-x' }).grantCluster({
        apiGroups: ['apps'],
        resources: ['deployments', '*/scale'],
        verbs: ['get'],
      });
    });
    expect(message).toMatch(/ServiceAccount opsflow-x: RBAC wildcard in resources \["deployments","\*\/scale"\]/);
  });

  it('annotates the account (IRSA) and binds its Role to it', () => {
    const chart = Testing.chart();
    const sa = new WorkloadServiceAccount(chart, 'sa', {
      name: 'opsflow-aws',
      annotations: { 'eks.amazonaws.com/role-arn': site.aws.roleArn! },
    });
    sa.grant({ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create'] });
    const objects = Testing.synth(chart) as Any[];
    const account = objects.find((o) => o.kind === 'ServiceAccount');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': site.aws.roleArn });
    expect(account.automountServiceAccountToken).toBe(true);
    const binding = objects.find((o) => o.kind === 'RoleBinding');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: 'opsflow-aws' });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'opsflow-aws' }]);
  });
});

describe('SemaphoreConfigMap', () => {
  it('holds one limit per key and refuses a non-positive limit', () => {
    const message = synthError((chart) => {
      new SemaphoreConfigMap(chart, 'sem').addSemaphore('drain', 0);
    });
    expect(message).toMatch(/semaphore opsflow-semaphores\/drain: limit must be a positive integer, got 0/);
    const chart = Testing.chart();
    const semaphores = new SemaphoreConfigMap(chart, 'sem');
    expect(semaphores.addSemaphore('drain', 2)).toEqual({ name: 'opsflow-semaphores', key: 'drain' });
    expect(() => semaphores.addSemaphore('drain', 3)).toThrow(/declared twice/);
    expect((Testing.synth(chart) as Any[])[0].data).toEqual({ drain: '2' });
  });

  it('renders every limit as a string in declaration order, and no data without a semaphore', () => {
    const chart = Testing.chart();
    new SemaphoreConfigMap(chart, 'none', { name: 'none' });
    const semaphores = new SemaphoreConfigMap(chart, 'sem');
    for (let i = 0; i < 3; i++) semaphores.addSemaphore(`action-${i}`, i + 1);
    const [none, sem] = Testing.synth(chart) as Any[];
    expect(none).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'none' }, immutable: false });
    expect(sem.metadata).toEqual({ name: 'opsflow-semaphores' });
    expect(Object.entries(sem.data)).toEqual([
      ['action-0', '1'],
      ['action-1', '2'],
      ['action-2', '3'],
    ]);
  });
});

describe('Argo CD chart', () => {
  const objects = Testing.synth(new ArgoCdChart(Testing.app(), 'argocd', site)) as Any[];

  it('is one Application syncing every generated folder (itself included) with prune, selfHeal, server-side apply', () => {
    expect(objects).toHaveLength(1);
    const [app] = objects;
    expect(app.metadata).toEqual({ name: 'opsflow-example', namespace: 'argocd' });
    expect(app.spec.source).toEqual({
      repoURL: 'https://git.example.com/platform/opsflow.git',
      targetRevision: 'main',
      path: '.',
      directory: {
        recurse: true,
        include:
          '{charts/argocd/*.yaml,charts/platform/*.yaml,workflowtemplates/*.yaml,eventsources/*.yaml,sensors/*.yaml}',
      },
    });
    // Every folder synth writes is synced, and nothing else.
    expect([...SYNCED_FOLDERS].sort()).toEqual([...OUTPUT_FOLDERS].sort());
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'opsflow' });
    expect(app.spec.syncPolicy.automated).toMatchObject({ prune: true, selfHeal: true });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'CreateNamespace=true']);
  });
});
