import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { stepAccess } from '../../src/constructs/workflows/step-access.js';

const site = loadSite(exampleSite);
const envOf = (access: ReturnType<typeof stepAccess>) => Object.fromEntries(access.env.map((e) => [e.name, e.value]));

/** The environment and files each step family reads (docs/steps.md, the step runtime's contract). */
describe('stepAccess', () => {
  it('Nautobot steps run in the OpenStack image with the Nautobot token and clouds.yaml as files', () => {
    const access = stepAccess(site, 'nautobot');
    expect(access.family).toBe('openstack');
    expect(envOf(access)).toEqual({
      OS_CLIENT_CONFIG_FILE: '/etc/opsflow/secrets/openstack/clouds.yaml',
      OS_CLOUD: 'example',
      OS_REGION_NAME: 'RegionOne',
      NAUTOBOT_URL: 'https://nautobot.example.com',
      NAUTOBOT_TOKEN_FILE: '/etc/opsflow/secrets/nautobot/token',
    });
    expect(access.volumes).toEqual([
      {
        name: 'openstack-clouds',
        secret: {
          secretName: 'opsflow-openstack-clouds',
          defaultMode: 0o440,
          items: [{ key: 'clouds.yaml', path: 'clouds.yaml' }],
        },
      },
      {
        name: 'nautobot-token',
        secret: { secretName: 'opsflow-nautobot-token', defaultMode: 0o440, items: [{ key: 'token', path: 'token' }] },
      },
    ]);
    expect(access.mounts).toEqual([
      { name: 'openstack-clouds', mountPath: '/etc/opsflow/secrets/openstack', readOnly: true },
      { name: 'nautobot-token', mountPath: '/etc/opsflow/secrets/nautobot', readOnly: true },
    ]);
  });

  it('AWS steps get the region and an IRSA role, and no credential at all', () => {
    const access = stepAccess(site, 'aws');
    expect(envOf(access)).toEqual({ AWS_REGION: 'eu-west-1' });
    expect(access.volumes).toEqual([]);
    expect(access.serviceAccountAnnotations).toEqual({ 'eks.amazonaws.com/role-arn': site.aws.roleArn });
  });

  it('node-enroll alone gets the BMC password file; a site without openstack.bmcPassword cannot place it', () => {
    const access = stepAccess(site, 'openstack', 'node-enroll');
    expect(envOf(access)).toMatchObject({ BMC_PASSWORD_FILE: '/etc/opsflow/secrets/bmc/password' });
    expect(access.volumes).toContainEqual({
      name: 'bmc-password',
      secret: { secretName: 'opsflow-ironic-bmc', defaultMode: 0o440, items: [{ key: 'password', path: 'password' }] },
    });
    expect(envOf(stepAccess(site, 'openstack', 'node-provision'))).not.toHaveProperty('BMC_PASSWORD_FILE');
    const { bmcPassword: _, ...openstack } = site.openstack;
    expect(() => stepAccess(loadSite({ ...exampleSite, openstack }), 'openstack', 'node-enroll')).toThrow(
      'site.openstack.bmcPassword is not set',
    );
  });

  it('elasticache-flush alone gets the AUTH tokens; a site without them cannot place it', () => {
    expect(envOf(stepAccess(site, 'aws', 'elasticache-flush'))).toEqual({
      AWS_REGION: 'eu-west-1',
      REDIS_AUTH_TOKEN_FILE: '/etc/opsflow/secrets/elasticache/{{inputs.parameters.replicationGroup}}',
    });
    expect(stepAccess(site, 'aws', 'rds-reboot').volumes).toEqual([]);
    const { elasticache: _tokens, ...aws } = site.aws;
    expect(() => stepAccess(loadSite({ ...exampleSite, aws }), 'aws', 'elasticache-flush')).toThrow(
      'site.aws.elasticache is not set',
    );
  });

  it('Kubernetes steps of a site with only the in-cluster cluster mount no kubeconfig', () => {
    const local = loadSite({ ...exampleSite, kubernetes: { clusters: [{ name: 'here', inCluster: true }] } });
    const access = stepAccess(local, 'kubernetes');
    expect(envOf(access)).toMatchObject({
      OPSFLOW_IN_CLUSTER: 'here',
      OPSFLOW_KUBECONFIG_DIR: '/etc/opsflow/kubeconfigs',
    });
    expect(access.volumes).toEqual([]);
    expect(access.mounts).toEqual([]);
  });

  it('Alertmanager steps run in the notify image with ALERTMANAGER_URL and the API token as a file', () => {
    const access = stepAccess(site, 'alertmanager');
    expect(access.family).toBe('notify');
    expect(envOf(access)).toEqual({
      ALERTMANAGER_URL: 'http://alertmanager.monitoring.svc:9093',
      ALERTMANAGER_TOKEN_FILE: '/etc/opsflow/secrets/alertmanager-token/token',
    });
    expect(access.volumes).toEqual([
      {
        name: 'alertmanager-token',
        secret: {
          secretName: 'opsflow-alertmanager-api',
          defaultMode: 0o440,
          items: [{ key: 'token', path: 'token' }],
        },
      },
    ]);
    const noUrl = loadSite({ ...exampleSite, alertmanager: { webhookToken: exampleSite.alertmanager.webhookToken } });
    expect(() => stepAccess(noUrl, 'alertmanager')).toThrow('site.alertmanager.url is not set');
  });

  it('notify steps get every configured transport: settings as env, secrets as files, the sender as the default', () => {
    const access = stepAccess(site, 'notify');
    expect(access.family).toBe('notify');
    expect(envOf(access)).toEqual({
      OPSFLOW_ARGO_UI_URL: 'https://argo.example.com',
      OPSFLOW_FROM: 'opsflow <opsflow@example.com>',
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '587',
      SMTP_SECURITY: 'starttls',
      SMTP_USERNAME: 'opsflow',
      SLACK_WEBHOOK_URL_FILE: '/etc/opsflow/secrets/slack-webhook/url',
      SLACK_BOT_TOKEN_FILE: '/etc/opsflow/secrets/slack-bot-token/token',
      WEBEX_TOKEN_FILE: '/etc/opsflow/secrets/webex-token/token',
      NOTIFY_WEBHOOK_URL_FILE: '/etc/opsflow/secrets/webhook-url/url',
      NOTIFY_WEBHOOK_TOKEN_FILE: '/etc/opsflow/secrets/webhook-token/token',
      SMTP_PASSWORD_FILE: '/etc/opsflow/secrets/smtp-password/password',
    });
    // One Secret may hold two of them (the Slack URL and bot token): one volume per purpose, each with its key.
    expect(access.volumes.filter((v) => v.secret?.secretName === 'opsflow-slack')).toEqual([
      {
        name: 'slack-webhook',
        secret: { secretName: 'opsflow-slack', defaultMode: 0o440, items: [{ key: 'url', path: 'url' }] },
      },
      {
        name: 'slack-bot-token',
        secret: { secretName: 'opsflow-slack', defaultMode: 0o440, items: [{ key: 'token', path: 'token' }] },
      },
    ]);
    expect(access.mounts.map((m) => m.mountPath)).toContain('/etc/opsflow/secrets/smtp-password');

    const webexOnly = loadSite({ ...exampleSite, notify: { webex: exampleSite.notify!.webex } });
    expect(envOf(stepAccess(webexOnly, 'notify'))).toEqual({
      WEBEX_TOKEN_FILE: '/etc/opsflow/secrets/webex-token/token',
    });
    expect(() => stepAccess(loadSite({ ...exampleSite, notify: undefined }), 'notify')).toThrow(
      'site.notify is not set',
    );
  });

  describe('Jira steps', () => {
    const token = { name: 'opsflow-jira-token', remoteKey: 'opsflow/jira/token' };

    it('run in the notify image; Cloud gets the URL, the e-mail and the API token as a file', () => {
      const cloud = loadSite({
        ...exampleSite,
        jira: { url: 'https://example.atlassian.net', deployment: 'cloud', email: 'ops@example.com', token },
      });
      const access = stepAccess(cloud, 'jira');
      expect(access.family).toBe('notify');
      expect(envOf(access)).toEqual({
        JIRA_URL: 'https://example.atlassian.net',
        JIRA_DEPLOYMENT: 'cloud',
        JIRA_EMAIL: 'ops@example.com',
        JIRA_API_TOKEN_FILE: '/etc/opsflow/secrets/jira/token',
      });
      expect(access.volumes).toEqual([
        {
          name: 'jira-token',
          secret: { secretName: 'opsflow-jira-token', defaultMode: 0o440, items: [{ key: 'token', path: 'token' }] },
        },
      ]);
      expect(access.mounts).toEqual([{ name: 'jira-token', mountPath: '/etc/opsflow/secrets/jira', readOnly: true }]);
    });

    it('Server/Data Center gets the personal access token as a file, and no e-mail', () => {
      const server = loadSite({
        ...exampleSite,
        jira: { url: 'https://jira.example.com', deployment: 'server', token },
      });
      expect(envOf(stepAccess(server, 'jira'))).toEqual({
        JIRA_URL: 'https://jira.example.com',
        JIRA_DEPLOYMENT: 'server',
        JIRA_PAT_FILE: '/etc/opsflow/secrets/jira/token',
      });
    });

    it('a Cloud site without the e-mail is refused; a site without jira cannot place a jira step', () => {
      expect(() =>
        loadSite({ ...exampleSite, jira: { url: 'https://example.atlassian.net', deployment: 'cloud', token } }),
      ).toThrow('Jira Cloud needs the e-mail of the API token');
      expect(() => stepAccess(loadSite({ ...exampleSite, jira: undefined }), 'jira')).toThrow('site.jira is not set');
    });
  });
});
