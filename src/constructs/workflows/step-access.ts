import type { SiteConfig } from '../../catalog/site.js';
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

export function stepAccess(site: SiteConfig, system: StepSystem): StepAccess {
  switch (system) {
    case 'kubernetes':
      return kubernetesAccess(site);
    case 'aws':
      return {
        family: 'aws',
        env: [{ name: 'AWS_REGION', value: site.aws.region }],
        volumes: [],
        mounts: [],
        serviceAccountAnnotations: site.aws.roleArn ? { 'eks.amazonaws.com/role-arn': site.aws.roleArn } : {},
      };
    case 'openstack':
      return openstackAccess(site);
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
    case 'notify':
      // No catalog action runs these steps yet; their endpoints and secrets (ALERTMANAGER_URL, SLACK_*, SMTP_*...,
      // docs/steps-alertmanager.md, docs/steps-notify.md) come with the first one.
      return { family: 'notify', env: [], volumes: [], mounts: [], serviceAccountAnnotations: {} };
    case 'jira':
      return jiraAccess(site);
  }
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
