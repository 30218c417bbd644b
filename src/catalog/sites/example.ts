import type { SiteConfigInput } from '../site.js';

/** The bundled example site that `npm run synth` renders; copy it to describe your own. */
export const exampleSite: SiteConfigInput = {
  name: 'example',
  namespace: 'opsflow',
  image: { registry: 'registry.example.com/platform' },
  // The namespace's default artifact repository keeps logs and heap dumps (docs/generator.md). A site without one
  // says `repository: 'none'`: pod-logs then keeps the end of the logs in an output parameter, and the heap-dump
  // action is a synth error (leave it out of that site's catalog). A named one: `{ configMap, key }`.
  // The default repository's S3 keys: every role reads them to download output artifacts (docs/governance.md).
  artifacts: { repository: 'default', credentialSecrets: ['opsflow-artifacts-s3'] },
  argocd: { repoURL: 'https://git.example.com/platform/opsflow.git', targetRevision: 'main' },
  // The Argo Events build the cluster runs: v1.9.11 lacks the AMQP ack fix, so AMQP sources ack on receipt.
  argoEvents: { version: 'v1.9.11', amqpAckFix: false },
  secretStore: { kind: 'ClusterSecretStore', name: 'vault' },
  openstack: {
    cloud: 'example',
    region: 'RegionOne',
    clouds: { name: 'opsflow-openstack-clouds', remoteKey: 'opsflow/openstack/clouds-yaml' },
    // The BMC password new Ironic nodes get (ironic-node-create, ironic-node-enroll), mounted only in their pods.
    bmcPassword: { name: 'opsflow-ironic-bmc', remoteKey: 'opsflow/openstack/bmc-password' },
    notifications: {
      url: 'amqp://rabbitmq.openstack.svc:5672/',
      credentials: { name: 'opsflow-openstack-amqp', remoteKey: 'opsflow/openstack/amqp' },
    },
  },
  nautobot: {
    url: 'https://nautobot.example.com',
    token: { name: 'opsflow-nautobot-token', remoteKey: 'opsflow/nautobot/token' },
    webhookToken: { name: 'opsflow-nautobot-webhook', remoteKey: 'opsflow/nautobot/webhook-token' },
    maintenanceStatus: 'Maintenance',
  },
  // Nightly full resync at 02:30 site time.
  schedules: { nautobotResync: { schedule: '30 2 * * *', timezone: 'Europe/Zurich' } },
  kubernetes: {
    clusters: [
      { name: 'local', inCluster: true },
      { name: 'prod-ocp', kubeconfig: { name: 'opsflow-kubeconfig-prod-ocp', remoteKey: 'opsflow/clusters/prod-ocp' } },
    ],
    deletableKinds: ['Pod', 'Job'],
  },
  aws: {
    region: 'eu-west-1',
    roleArn: 'arn:aws:iam::123456789012:role/opsflow-steps',
    elasticache: {
      authTokens: { name: 'opsflow-elasticache-auth', remoteKey: 'opsflow/aws/elasticache-auth' },
      replicationGroups: ['sessions-cache'],
    },
  },
  alertmanager: {
    webhookToken: { name: 'opsflow-alertmanager-webhook', remoteKey: 'opsflow/alertmanager/webhook-token' },
    url: 'http://alertmanager.monitoring.svc:9093',
    apiToken: { name: 'opsflow-alertmanager-api', remoteKey: 'opsflow/alertmanager/api-token' },
  },
  // Every transport is optional; each secret is a reference into the store (docs/steps-notify.md).
  notify: {
    argoUiUrl: 'https://argo.example.com',
    slack: {
      webhookUrl: { name: 'opsflow-slack', remoteKey: 'opsflow/notify/slack' },
      botToken: { name: 'opsflow-slack', remoteKey: 'opsflow/notify/slack' },
    },
    webex: { token: { name: 'opsflow-webex-token', remoteKey: 'opsflow/notify/webex' } },
    webhook: {
      url: { name: 'opsflow-notify-webhook', remoteKey: 'opsflow/notify/webhook' },
      token: { name: 'opsflow-notify-webhook', remoteKey: 'opsflow/notify/webhook' },
    },
    email: {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      from: 'opsflow <opsflow@example.com>',
      username: 'opsflow',
      password: { name: 'opsflow-smtp', remoteKey: 'opsflow/notify/smtp' },
    },
    // Where composite actions report: the operators' channel.
    operators: { via: 'slack', to: ['C0OPS'] },
  },
  jira: {
    url: 'https://jira.example.com',
    deployment: 'server',
    token: { name: 'opsflow-jira-token', remoteKey: 'opsflow/jira/pat' },
  },
  // docs/governance.md: what each role may do, and how people sign in as it through Argo Server SSO.
  roles: [
    { name: 'operator', members: { groups: ['platform-operators'] }, precedence: 30, actions: 'all' },
    {
      name: 'approver',
      members: { groups: ['platform-approvers'] },
      precedence: 20,
      actions: { 'openshift-pod-logs': true },
      approves: true,
    },
    {
      name: 'tenant',
      members: { groups: ['shop-developers'] },
      precedence: 10,
      actions: {
        'openshift-workload-restart': {
          parameters: { namespace: { pattern: 'shop-(prod|staging)' }, kind: { enum: ['Deployment', 'StatefulSet'] } },
          perCaller: { runs: 3, window: '1h' },
        },
        'openshift-pod-logs': { parameters: { namespace: { pattern: 'shop-(prod|staging)' } } },
        'openshift-java-heap-dump': {
          parameters: { namespace: { pattern: 'shop-(prod|staging)' } },
          approval: { by: 'approver', timeout: '30m' },
        },
        'openshift-trigger-cronjob': {
          parameters: { namespace: { pattern: 'shop-(prod|staging)' }, jobName: 'absent' },
        },
      },
    },
  ],
};
