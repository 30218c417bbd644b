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
      expect(() => stepAccess(site, 'jira')).toThrow('site.jira is not set');
    });
  });
});
