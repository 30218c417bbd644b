import type { SecretRef, SiteConfig } from '../../catalog/site.js';
import { POD_OUTPUT_DIR } from '../../steps/runtime/context.js';
import type { StepSystem } from '../../steps/runtime/step.js';
import type { Template } from './argo-types.js';

type Container = NonNullable<Template['container']>;
export type EnvVar = NonNullable<Container['env']>[number];
export type Volume = NonNullable<Template['volumes']>[number];
export type VolumeMount = NonNullable<Container['volumeMounts']>[number];

/** Where step pods find their credentials; the step runtime reads `NAME_FILE` / these variables. */
export const SECRETS_DIR = '/etc/opsflow/secrets';
export const KUBECONFIG_DIR = '/etc/opsflow/kubeconfigs';
export const OUTPUT_DIR = POD_OUTPUT_DIR;

/** What a step container of one system needs from the site: endpoints in env, credentials as mounted files. */
export interface StepAccess {
  /**
   * The image family: `<registry>/opsflow-<family>:<tag>` (Nautobot steps ship in the OpenStack image; Alertmanager,
   * notify and Jira steps, which runbooks of every system share, in the notify image).
   */
  readonly family: 'kubernetes' | 'aws' | 'openstack' | 'notify';
  readonly env: EnvVar[];
  readonly volumes: Volume[];
  readonly mounts: VolumeMount[];
  /** Annotations for the template's ServiceAccount (IRSA for AWS). */
  readonly serviceAccountAnnotations: Record<string, string>;
}

/** What the pods of `opsflow-step <system> <step>` get; `step` matters only where one step needs more than its system. */
export function stepAccess(site: SiteConfig, system: StepSystem, step?: string): StepAccess {
  switch (system) {
    case 'kubernetes':
      return kubernetesAccess(site);
    case 'aws':
      return step === 'elasticache-flush' ? elasticacheAccess(site) : awsAccess(site);
    case 'openstack':
      return step === 'node-enroll' ? nodeEnrollAccess(site) : openstackAccess(site);
    case 'nautobot': {
      // Nautobot syncs read Ironic/Keystone too, so they get the OpenStack credentials as well.
      const openstack = openstackAccess(site);
      const dir = `${SECRETS_DIR}/nautobot`;
      return {
        ...openstack,
        env: [
          ...openstack.env,
          { name: 'NAUTOBOT_URL', value: site.nautobot.url },
          { name: 'NAUTOBOT_TOKEN_FILE', value: `${dir}/token` },
        ],
        volumes: [...openstack.volumes, secretVolume('nautobot-token', site.nautobot.token.name, 'token')],
        mounts: [...openstack.mounts, { name: 'nautobot-token', mountPath: dir, readOnly: true }],
      };
    }
    case 'alertmanager':
      return alertmanagerAccess(site);
    case 'notify':
      return notifyAccess(site);
    case 'jira':
      return jiraAccess(site);
  }
}

function awsAccess(site: SiteConfig): StepAccess {
  return {
    family: 'aws',
    env: [{ name: 'AWS_REGION', value: site.aws.region }],
    volumes: [],
    mounts: [],
    serviceAccountAnnotations: site.aws.roleArn ? { 'eks.amazonaws.com/role-arn': site.aws.roleArn } : {},
  };
}

/**
 * The AWS access plus the replication groups' AUTH tokens, only in this step's pods: the Secret (one key per group)
 * mounted whole, and REDIS_AUTH_TOKEN_FILE naming the run's group. Argo substitutes `{{inputs.parameters.*}}`
 * anywhere in the template, env included (workflow/common/util.go `SubstituteParams`, v4.1.2).
 */
function elasticacheAccess(site: SiteConfig): StepAccess {
  const { elasticache } = site.aws;
  if (!elasticache) {
    throw new Error(
      'site.aws.elasticache is not set: elasticache-flush needs the AUTH tokens of the replication groups',
    );
  }
  const aws = awsAccess(site);
  const dir = `${SECRETS_DIR}/elasticache`;
  return {
    ...aws,
    env: [...aws.env, { name: 'REDIS_AUTH_TOKEN_FILE', value: `${dir}/{{inputs.parameters.replicationGroup}}` }],
    volumes: [{ name: 'elasticache-auth', secret: { secretName: elasticache.authTokens.name, defaultMode: 0o440 } }],
    mounts: [{ name: 'elasticache-auth', mountPath: dir, readOnly: true }],
  };
}

/** A credential mounted as `<SECRETS_DIR>/<purpose>/<key>`, read by the step from `<variable>_FILE`. */
interface FileSecret {
  readonly purpose: string;
  readonly variable: string;
  readonly ref: SecretRef;
  readonly key: string;
}

/** Plain settings as env, each secret as its own read-only volume (a volume per purpose: two may share a Secret). */
function accessWith(family: StepAccess['family'], env: EnvVar[], secrets: readonly FileSecret[]): StepAccess {
  return {
    family,
    env: [
      ...env,
      ...secrets.map((s) => ({ name: `${s.variable}_FILE`, value: `${SECRETS_DIR}/${s.purpose}/${s.key}` })),
    ],
    volumes: secrets.map((s) => secretVolume(s.purpose, s.ref.name, s.key)),
    mounts: secrets.map((s) => ({ name: s.purpose, mountPath: `${SECRETS_DIR}/${s.purpose}`, readOnly: true })),
    serviceAccountAnnotations: {},
  };
}

/** ALERTMANAGER_URL and the optional bearer token, what the silence steps read (docs/steps-alertmanager.md). */
function alertmanagerAccess(site: SiteConfig): StepAccess {
  const { url, apiToken } = site.alertmanager;
  if (!url) throw new Error("site.alertmanager.url is not set: the alertmanager steps need Alertmanager's address");
  const secrets = apiToken
    ? [{ purpose: 'alertmanager-token', variable: 'ALERTMANAGER_TOKEN', ref: apiToken, key: 'token' }]
    : [];
  return accessWith('notify', [{ name: 'ALERTMANAGER_URL', value: url }], secrets);
}

/** Every transport the site configures (docs/steps-notify.md): settings as env, secrets as files. */
function notifyAccess(site: SiteConfig): StepAccess {
  const { notify } = site;
  if (!notify) throw new Error('site.notify is not set: the notify step needs at least one transport');
  const { slack, webex, webhook, email } = notify;
  const secret = (purpose: string, variable: string, ref: SecretRef | undefined, key: string): FileSecret[] =>
    ref ? [{ purpose, variable, ref, key }] : [];
  // OPSFLOW_<INPUT> is the step input's fallback when the template's parameter is left empty (runtime/input.ts):
  // the site's UI address and sender are the defaults a run may override.
  const env: EnvVar[] = [
    ...(notify.argoUiUrl ? [{ name: 'OPSFLOW_ARGO_UI_URL', value: notify.argoUiUrl }] : []),
    ...(email
      ? [
          { name: 'OPSFLOW_FROM', value: email.from },
          { name: 'SMTP_HOST', value: email.host },
          ...(email.port ? [{ name: 'SMTP_PORT', value: String(email.port) }] : []),
          { name: 'SMTP_SECURITY', value: email.security },
          ...(email.username ? [{ name: 'SMTP_USERNAME', value: email.username }] : []),
        ]
      : []),
  ];
  return accessWith('notify', env, [
    ...secret('slack-webhook', 'SLACK_WEBHOOK_URL', slack?.webhookUrl, 'url'),
    ...secret('slack-bot-token', 'SLACK_BOT_TOKEN', slack?.botToken, 'token'),
    ...secret('webex-token', 'WEBEX_TOKEN', webex?.token, 'token'),
    ...secret('webhook-url', 'NOTIFY_WEBHOOK_URL', webhook?.url, 'url'),
    ...secret('webhook-token', 'NOTIFY_WEBHOOK_TOKEN', webhook?.token, 'token'),
    ...secret('smtp-password', 'SMTP_PASSWORD', email?.password, 'password'),
  ]);
}

/** JIRA_URL, JIRA_DEPLOYMENT (and JIRA_EMAIL on Cloud), the token as a file: what resolveJiraSettings reads. */
function jiraAccess(site: SiteConfig): StepAccess {
  const { jira } = site;
  if (!jira) throw new Error('site.jira is not set: the jira steps need its url, deployment and token');
  const dir = `${SECRETS_DIR}/jira`;
  const tokenVariable = jira.deployment === 'cloud' ? 'JIRA_API_TOKEN_FILE' : 'JIRA_PAT_FILE';
  return {
    family: 'notify',
    env: [
      { name: 'JIRA_URL', value: jira.url },
      { name: 'JIRA_DEPLOYMENT', value: jira.deployment },
      ...(jira.email ? [{ name: 'JIRA_EMAIL', value: jira.email }] : []),
      { name: tokenVariable, value: `${dir}/token` },
    ],
    volumes: [secretVolume('jira-token', jira.token.name, 'token')],
    mounts: [{ name: 'jira-token', mountPath: dir, readOnly: true }],
    serviceAccountAnnotations: {},
  };
}

function openstackAccess(site: SiteConfig): StepAccess {
  const dir = `${SECRETS_DIR}/openstack`;
  return {
    family: 'openstack',
    env: [
      { name: 'OS_CLIENT_CONFIG_FILE', value: `${dir}/clouds.yaml` },
      { name: 'OS_CLOUD', value: site.openstack.cloud },
      { name: 'OS_REGION_NAME', value: site.openstack.region },
    ],
    volumes: [secretVolume('openstack-clouds', site.openstack.clouds.name, 'clouds.yaml')],
    mounts: [{ name: 'openstack-clouds', mountPath: dir, readOnly: true }],
    serviceAccountAnnotations: {},
  };
}

/**
 * The OpenStack access plus the site's BMC password (BMC_PASSWORD_FILE), only in node-enroll's pods: the Secret is a
 * site setting, never a parameter, so a run cannot mount another Secret of the namespace and send it to a BMC address.
 */
function nodeEnrollAccess(site: SiteConfig): StepAccess {
  const { bmcPassword } = site.openstack;
  if (!bmcPassword) {
    throw new Error(
      'site.openstack.bmcPassword is not set: node-enroll needs the BMC password of the nodes it creates',
    );
  }
  const openstack = openstackAccess(site);
  const dir = `${SECRETS_DIR}/bmc`;
  return {
    ...openstack,
    env: [...openstack.env, { name: 'BMC_PASSWORD_FILE', value: `${dir}/password` }],
    volumes: [...openstack.volumes, secretVolume('bmc-password', bmcPassword.name, 'password')],
    mounts: [...openstack.mounts, { name: 'bmc-password', mountPath: dir, readOnly: true }],
  };
}

/** One kubeconfig file per cluster name, projected from each cluster's secret; the in-cluster one uses the pod's token. */
function kubernetesAccess(site: SiteConfig): StepAccess {
  const { clusters, deletableKinds } = site.kubernetes;
  const inCluster = clusters.find((cluster) => cluster.inCluster);
  const remote = clusters.filter((cluster) => !cluster.inCluster && cluster.kubeconfig);
  const env: EnvVar[] = [
    { name: 'OPSFLOW_KUBECONFIG_DIR', value: KUBECONFIG_DIR },
    { name: 'OPSFLOW_DELETABLE_KINDS', value: deletableKinds.join(',') },
    ...(inCluster ? [{ name: 'OPSFLOW_IN_CLUSTER', value: inCluster.name }] : []),
  ];
  if (remote.length === 0) {
    return { family: 'kubernetes', env, volumes: [], mounts: [], serviceAccountAnnotations: {} };
  }
  return {
    family: 'kubernetes',
    env,
    volumes: [
      {
        name: 'kubeconfigs',
        projected: {
          defaultMode: 0o440,
          sources: remote.map((cluster) => ({
            secret: { name: cluster.kubeconfig!.name, items: [{ key: 'kubeconfig', path: cluster.name }] },
          })),
        },
      },
    ],
    mounts: [{ name: 'kubeconfigs', mountPath: KUBECONFIG_DIR, readOnly: true }],
    serviceAccountAnnotations: {},
  };
}

function secretVolume(volumeName: string, secretName: string, key: string): Volume {
  return { name: volumeName, secret: { secretName, defaultMode: 0o440, items: [{ key, path: key }] } };
}
