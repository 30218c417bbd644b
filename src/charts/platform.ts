import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { SecretRef, SiteConfig } from '../catalog/site.js';
import { ExternalSecret } from '../constructs/platform/external-secret.js';
import { SemaphoreConfigMap } from '../constructs/platform/semaphores.js';

/** One Secret the site needs, with the keys the pods read from it. */
export interface SiteCredential {
  readonly ref: SecretRef;
  readonly keys: readonly string[];
}

/** Every credential of the site config; each becomes an ExternalSecret (the keys match what step pods mount). */
export function siteCredentials(site: SiteConfig): SiteCredential[] {
  return [
    { ref: site.openstack.clouds, keys: ['clouds.yaml'] },
    ...(site.openstack.bmcPassword ? [{ ref: site.openstack.bmcPassword, keys: ['password'] }] : []),
    { ref: site.openstack.notifications.credentials, keys: ['username', 'password'] },
    { ref: site.nautobot.token, keys: ['token'] },
    { ref: site.nautobot.webhookToken, keys: ['token'] },
    ...site.kubernetes.clusters.flatMap((cluster) =>
      cluster.kubeconfig ? [{ ref: cluster.kubeconfig, keys: ['kubeconfig'] }] : [],
    ),
    { ref: site.alertmanager.webhookToken, keys: ['token'] },
    ...(site.aws.elasticache
      ? [{ ref: site.aws.elasticache.authTokens, keys: site.aws.elasticache.replicationGroups }]
      : []),
    ...(site.alertmanager.apiToken ? [{ ref: site.alertmanager.apiToken, keys: ['token'] }] : []),
    ...(site.jira ? [{ ref: site.jira.token, keys: ['token'] }] : []),
    ...notifyCredentials(site.notify),
  ];
}

/** The notify transports' secrets, with the keys notify step pods mount (step-access.ts). */
function notifyCredentials(notify: SiteConfig['notify']): SiteCredential[] {
  const credential = (ref: SecretRef | undefined, key: string): SiteCredential[] => (ref ? [{ ref, keys: [key] }] : []);
  return [
    ...credential(notify?.slack?.webhookUrl, 'url'),
    ...credential(notify?.slack?.botToken, 'token'),
    ...credential(notify?.webex?.token, 'token'),
    ...credential(notify?.webhook?.url, 'url'),
    ...credential(notify?.webhook?.token, 'token'),
    ...credential(notify?.email?.password, 'password'),
  ];
}

/** charts/platform: what every workflow and event object relies on (secrets, semaphores, RBAC). */
export class PlatformChart extends Chart {
  readonly semaphores: SemaphoreConfigMap;

  constructor(scope: Construct, id: string, site: SiteConfig) {
    super(scope, id, { namespace: site.namespace });
    for (const credential of mergeCredentials(siteCredentials(site))) {
      new ExternalSecret(this, `secret-${credential.ref.name}`, {
        name: credential.ref.name,
        remoteKey: credential.ref.remoteKey,
        keys: credential.keys,
        secretStore: site.secretStore,
      });
    }
    this.semaphores = new SemaphoreConfigMap(this, 'semaphores');
  }
}

/** Two settings may share one Secret (same store path); a name used for two different paths is a config error. */
function mergeCredentials(credentials: SiteCredential[]): SiteCredential[] {
  const byName = new Map<string, SiteCredential>();
  for (const credential of credentials) {
    const seen = byName.get(credential.ref.name);
    if (!seen) {
      byName.set(credential.ref.name, credential);
    } else if (seen.ref.remoteKey !== credential.ref.remoteKey) {
      throw new Error(
        `secret "${credential.ref.name}" is used for two store paths: "${seen.ref.remoteKey}" and "${credential.ref.remoteKey}"`,
      );
    } else {
      byName.set(credential.ref.name, { ref: seen.ref, keys: [...new Set([...seen.keys, ...credential.keys])] });
    }
  }
  return [...byName.values()];
}
