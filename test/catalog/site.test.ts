import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';

describe('site configuration', () => {
  it('accepts the bundled example site and pins the image tag to the package version', () => {
    const site = loadSite(exampleSite);
    expect(site.namespace).toBe('opsflow');
    expect(site.image.tag).toMatch(/^\d+\.\d+\.\d+/);
    expect(site.eventBus).toEqual({ jetstreamVersion: '2.10.29', replicas: 3 });
  });

  it('names the field and the value of every bad setting at once', () => {
    const bad = { ...exampleSite, namespace: 'Ops_Flow', image: { registry: 'registry.example.com/x', tag: 'latest' } };
    expect(() => loadSite(bad)).toThrow(/site\.namespace: .*RFC 1123.*\(got "Ops_Flow"\)/);
    expect(() => loadSite(bad)).toThrow(/site\.image\.tag: must be pinned.*\(got "latest"\)/);
  });

  it('rejects unknown fields so typos fail, naming each by its path and value', () => {
    expect(() => loadSite({ ...exampleSite, namspace: 'x' })).toThrow(
      /^invalid site configuration:\n {2}site\.namspace: unknown field \(misspelt\?\) \(got "x"\)$/,
    );
    const nested = { ...exampleSite, openstack: { ...exampleSite.openstack, regoin: 'RegionTwo' } };
    expect(() => loadSite(nested)).toThrow(
      /site\.openstack\.regoin: unknown field \(misspelt\?\) \(got "RegionTwo"\)$/,
    );
  });

  it('names a config that is not an object at all', () => {
    expect(() => loadSite(42)).toThrow(/^invalid site configuration:\n {2}site: .*\(got 42\)$/);
  });

  it('refuses duplicate cluster names, two in-cluster clusters and a kubeconfig on the in-cluster one', () => {
    const kubeconfig = { name: 'opsflow-kubeconfig-x', remoteKey: 'opsflow/clusters/x' };
    const bad = {
      ...exampleSite,
      kubernetes: {
        clusters: [
          { name: 'local', inCluster: true },
          { name: 'local', inCluster: true, kubeconfig },
        ],
      },
    };
    expect(() => loadSite(bad)).toThrow(
      /site\.kubernetes\.clusters\.1\.name: cluster names must be unique; "local" is used twice \(got "local"\)/,
    );
    expect(() => loadSite(bad)).toThrow(
      /site\.kubernetes\.clusters\.1\.inCluster: only one cluster .*"local" already is \(got true\)/,
    );
    expect(() => loadSite(bad)).toThrow(/site\.kubernetes\.clusters\.1\.kubeconfig: cluster "local" is inCluster/);
  });

  it('requires a kubeconfig for clusters outside the one opsflow runs in', () => {
    const bad = { ...exampleSite, kubernetes: { clusters: [{ name: 'far' }] } };
    expect(() => loadSite(bad)).toThrow(/site\.kubernetes\.clusters\.0\.kubeconfig: cluster "far" needs a kubeconfig/);
  });

  it('rejects a JetStream EventBus with two replicas', () => {
    expect(() => loadSite({ ...exampleSite, eventBus: { replicas: 2 } })).toThrow(/eventBus\.replicas: .*got 2/);
  });

  it('refuses a repository that is neither none, default nor a ConfigMap entry, naming the field', () => {
    expect(() => loadSite({ ...exampleSite, artifacts: { repository: 's3' } })).toThrow(
      /site\.artifacts\.repository: must be "none", "default" or \{ configMap, key \} naming a ConfigMap entry \(got "s3"\)/,
    );
    expect(() => loadSite({ ...exampleSite, artifacts: { repository: { configMap: 'Repos', key: 's3' } } })).toThrow(
      /site\.artifacts\.repository\.configMap: must be a ConfigMap name \(got "Repos"\)/,
    );
    expect(() => loadSite({ ...exampleSite, artifacts: { repository: 'none', maxParameterBytes: 2_000_000 } })).toThrow(
      /site\.artifacts\.maxParameterBytes: .*\(got 2000000\)/,
    );
  });

  it('declares Argo Events v1.9.11 without the AMQP ack fix unless the site says otherwise', () => {
    expect(loadSite(exampleSite).argoEvents).toEqual({ version: 'v1.9.11', amqpAckFix: false });
    const fixed = { version: 'v1.9.11-amqp-ack', amqpAckFix: true };
    expect(loadSite({ ...exampleSite, argoEvents: fixed }).argoEvents).toEqual(fixed);
    expect(loadSite({ ...exampleSite, argoEvents: { version: 'v1.10.0', amqpAckFix: true } }).argoEvents.version).toBe(
      'v1.10.0',
    );
  });

  it('refuses the AMQP ack fix on a release that lacks it, and an unpinned version, naming field and value', () => {
    expect(() => loadSite({ ...exampleSite, argoEvents: { amqpAckFix: true } })).toThrow(
      /site\.argoEvents\.amqpAckFix: Argo Events v1\.9\.11 has no AMQP ack fix .*#4178.* \(got true\)/,
    );
    expect(() => loadSite({ ...exampleSite, argoEvents: { version: 'v1.8.1', amqpAckFix: true } })).toThrow(
      /site\.argoEvents\.amqpAckFix: Argo Events v1\.8\.1 has no AMQP ack fix/,
    );
    expect(() => loadSite({ ...exampleSite, argoEvents: { version: 'latest' } })).toThrow(
      /site\.argoEvents\.version: must be a pinned release tag .*\(got "latest"\)/,
    );
  });

  describe('notify and the Alertmanager API', () => {
    const notify = exampleSite.notify!;

    it('refuses an operators channel whose transport is not configured, naming the setting it needs', () => {
      expect(() =>
        loadSite({ ...exampleSite, notify: { email: notify.email, operators: { via: 'webex', to: ['room'] } } }),
      ).toThrow(/site\.notify\.operators\.via: "webex" is not configured: set notify\.webex \(got "webex"\)/);
    });

    it('refuses SMTP authentication without both halves, and a password in clear', () => {
      const { password: _password, ...noPassword } = notify.email!;
      expect(() => loadSite({ ...exampleSite, notify: { email: noPassword } })).toThrow(
        /site\.notify\.email\.password: SMTP authentication needs both username and password/,
      );
      expect(() => loadSite({ ...exampleSite, notify: { email: { ...notify.email!, security: 'none' } } })).toThrow(
        /site\.notify\.email\.security: security "none" would send the SMTP password in clear/,
      );
      expect(() => loadSite({ ...exampleSite, notify: { email: { ...notify.email!, from: 'nobody' } } })).toThrow(
        /site\.notify\.email\.from: must be an e-mail address .*\(got "nobody"\)/,
      );
    });

    it('refuses an Alertmanager API token without the URL, and a URL that is not http(s)', () => {
      const { webhookToken, apiToken } = exampleSite.alertmanager;
      expect(() => loadSite({ ...exampleSite, alertmanager: { webhookToken, apiToken } })).toThrow(
        /site\.alertmanager\.apiToken: a token for the Alertmanager API needs its url/,
      );
      expect(() => loadSite({ ...exampleSite, alertmanager: { webhookToken, url: 'ftp://am:9093' } })).toThrow(
        /site\.alertmanager\.url: must be an http\(s\) URL \(got "ftp:\/\/am:9093"\)/,
      );
    });
  });
});
