import { createRequire } from 'node:module';
import { z } from 'zod';
import { valueAt } from '../common/value-at.js';
import { DNS_LABEL } from '../constructs/validation.js';
import { Role } from '../governance/role.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** RFC 1123 label: names of namespaces, Services, Secrets and most other objects. */
export const DnsLabel = z.string().regex(DNS_LABEL, 'must be a lowercase RFC 1123 label (a-z, 0-9, "-")').max(63);

/** Where a credential comes from: one key of a secret in the site's secret store (synthesized as an ExternalSecret). */
export const SecretRef = z.strictObject({
  /** Name of the Kubernetes Secret the ExternalSecret creates (and the step pods mount). */
  name: DnsLabel,
  /** Path of the secret in the external store (Vault, AWS Secrets Manager, ...). */
  remoteKey: z.string().min(1),
});
export type SecretRef = z.infer<typeof SecretRef>;

const ImageTag = z
  .string()
  .regex(/^[\w][\w.-]{0,127}$/, 'must be a valid image tag')
  .refine((tag) => tag !== 'latest', 'must be pinned: "latest" is not allowed');

export const KubernetesCluster = z.strictObject({
  /** The name steps address the cluster by (`--cluster`). */
  name: DnsLabel,
  /** The cluster opsflow runs in: use the pod's ServiceAccount instead of a kubeconfig. */
  inCluster: z.boolean().default(false),
  /** Kubeconfig secret (key `kubeconfig`); required unless `inCluster`. */
  kubeconfig: SecretRef.optional(),
});

/**
 * Where the step pods' file outputs go (pod-logs' logs, java-heap-dump's heap dump): Argo output artifacts need an
 * artifact repository, and a step with one but no repository errors when it saves it (argo-workflows v4.1.2
 * workflow/executor/executor.go `saveArtifactFromFile`; `optional: true` only skips a missing file).
 */
export const ArtifactsConfig = z.strictObject({
  /**
   * `default`: the namespace's default repository (its `artifact-repositories` ConfigMap, else the controller's
   * `artifactRepository`); `{ configMap, key }`: that entry, as the templates' `artifactRepositoryRef`
   * (docs/artifact-repository-ref.md); `none`: no repository, so file outputs that have a size-limited form become
   * output parameters of at most `maxParameterBytes`, and actions whose files have none are refused at synth.
   */
  repository: z.union(
    [
      z.literal('none'),
      z.literal('default'),
      z.strictObject({
        configMap: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a ConfigMap name')
          .max(253),
        key: z
          .string()
          .regex(/^[-._a-zA-Z0-9]+$/, 'must be a ConfigMap key (letters, digits, "-", "_", ".")')
          .max(253),
      }),
    ],
    { error: 'must be "none", "default" or { configMap, key } naming a ConfigMap entry' },
  ),
  /**
   * Without a repository, the most bytes a file output keeps as an output parameter. Those live in the Workflow's
   * status (an etcd object of at most about 1 MiB with every node's outputs), so keep it well below that.
   */
  maxParameterBytes: z.number().int().min(1024).max(262_144).default(65_536),
  /**
   * The Secrets in the site namespace the repository's credentials come from (an S3 `accessKeySecret` and
   * `secretKeySecret`, a GCS `serviceAccountKeySecret`...). Argo Server reads the repository's ConfigMap with its own
   * account but these Secrets with the caller's (server/artifacts/artifact_server.go `getArtifactAndDriver`,
   * resources.go, argo-workflows v4.1.2), so every role may `get` them, by name, to download output artifacts.
   * @default - none (the repository needs no Secret: IRSA, workload identity, or no repository)
   */
  credentialSecrets: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a Secret name')
        .max(253),
    )
    .default([]),
});
export type ArtifactsConfig = z.infer<typeof ArtifactsConfig>;

/** Where one service's oslo.messaging notifications arrive: its exchange (the `control_exchange`) and routing key. */
const NotificationTopic = (exchange: string, routingKey: string) =>
  z
    .strictObject({
      exchange: z.string().min(1).default(exchange),
      /** `<topic>.<priority>`; topic wildcards `*` and `#` allowed. */
      routingKey: z.string().min(1).default(routingKey),
    })
    .prefault({});

const Schedule = (schedule: string) =>
  z
    .strictObject({
      /** 5-field cron: minute hour day-of-month month day-of-week. */
      schedule: z.string().min(1).default(schedule),
      /** IANA time zone the schedule is read in. */
      timezone: z.string().min(1).default('UTC'),
    })
    .prefault({});
const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** `ops@example.com` or `Ops team <ops@example.com>`, as the notify step takes a sender. */
const EmailAddress = z
  .string()
  .regex(
    /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/,
    'must be an e-mail address ("ops@example.com" or "Ops <ops@example.com>")',
  );

/**
 * Where `notify send` delivers (docs/steps-notify.md): each transport is optional and its secrets are references
 * only, mounted as files in the notify step pods. Needed only by actions that notify.
 */
export const NotifyConfig = z.strictObject({
  /** The Argo UI's address, for the Workflow link in messages (`${workflow.url}`, `OPSFLOW_ARGO_UI_URL`). */
  argoUiUrl: HttpUrl.optional(),
  slack: z
    .strictObject({
      /** Incoming webhook URL secret (key `url`: the URL is the credential), for `via: slack-webhook`. */
      webhookUrl: SecretRef.optional(),
      /** Bot token secret (key `token`), for `via: slack` (chat.postMessage). */
      botToken: SecretRef.optional(),
    })
    .optional(),
  /** Webex bot access token secret (key `token`), for `via: webex`. */
  webex: z.strictObject({ token: SecretRef }).optional(),
  /** Generic JSON webhook, for `via: webhook`: its URL secret (key `url`) and an optional bearer token (key `token`). */
  webhook: z.strictObject({ url: SecretRef, token: SecretRef.optional() }).optional(),
  email: z
    .strictObject({
      /** The SMTP server (`SMTP_HOST`). */
      host: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or IPv4 address'),
      /** @default 587 with starttls, 465 with tls, 25 with none */
      port: z.number().int().min(1).max(65535).optional(),
      /** `starttls` (required upgrade), `tls` (TLS from the start) or `none` (refused with a password). */
      security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
      /** The sender composite actions send as. */
      from: EmailAddress,
      username: z.string().min(1).optional(),
      /** SMTP password secret (key `password`), with `username`. */
      password: SecretRef.optional(),
    })
    .refine((email) => (email.username === undefined) === (email.password === undefined), {
      path: ['password'],
      message: 'SMTP authentication needs both username and password',
    })
    .refine((email) => email.password === undefined || email.security !== 'none', {
      path: ['security'],
      message: 'security "none" would send the SMTP password in clear; use starttls or tls',
    })
    .optional(),
  /** The operators' channel composite actions report to: a transport and its `to` (docs/steps-notify.md). */
  operators: z
    .strictObject({
      via: z.enum(['slack-webhook', 'slack', 'webex', 'webhook', 'email']),
      to: z.array(z.string().min(1)).default([]),
    })
    .optional(),
});
export type NotifyConfig = z.infer<typeof NotifyConfig>;
type NotifyVia = NonNullable<NotifyConfig['operators']>['via'];

/** The site setting each `via` of notify send needs. */
const TRANSPORT_SETTING: Record<NotifyVia, string> = {
  'slack-webhook': 'notify.slack.webhookUrl',
  slack: 'notify.slack.botToken',
  webex: 'notify.webex',
  webhook: 'notify.webhook',
  email: 'notify.email',
};

/** The transports the site's notify config can deliver through. */
export function configuredTransports(notify: NotifyConfig): NotifyVia[] {
  const configured: Record<NotifyVia, unknown> = {
    'slack-webhook': notify.slack?.webhookUrl,
    slack: notify.slack?.botToken,
    webex: notify.webex,
    webhook: notify.webhook,
    email: notify.email,
  };
  return (Object.keys(configured) as NotifyVia[]).filter((via) => configured[via] !== undefined);
}

export const SiteConfig = z
  .strictObject({
    /** Short site name, used in labels and Argo CD application names. */
    name: DnsLabel,
    /** Namespace of every generated namespaced object. */
    namespace: DnsLabel.default('opsflow'),
    image: z.strictObject({
      /** Registry and path prefix; images are `<registry>/opsflow-<family>:<tag>`. */
      registry: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, 'must look like "registry.example.com/team"'),
      /** Image tag; defaults to package.json's version so the manifests and images move together. */
      tag: ImageTag.default(pkg.version),
    }),
    artifacts: ArtifactsConfig,
    argocd: z.strictObject({
      repoURL: z.url(),
      targetRevision: z.string().min(1).default('main'),
      /** Namespace Argo CD runs in. */
      namespace: DnsLabel.default('argocd'),
      project: z.string().min(1).default('default'),
    }),
    /**
     * The Argo Events build the cluster runs. It decides how AMQP sources acknowledge (docs/events.md "AMQP delivery"):
     * v1.9.11 never acks a message consumed with `autoAck: false` (argoproj/argo-events#4178), so sources on it ack
     * on receipt; only a build carrying the fix (#4179, in no release yet) may ack after publishing to the EventBus.
     */
    argoEvents: z
      .strictObject({
        /** Release tag of the controller and EventSource images, e.g. `v1.9.11`, or a tag with a build suffix. */
        version: z
          .string()
          .regex(/^v\d+\.\d+\.\d+(-[\w.-]+)?$/, 'must be a pinned release tag such as "v1.9.11" (never "latest")')
          .default('v1.9.11'),
        /** The EventSource image carries argoproj/argo-events#4179: AMQP sources then ack after publishing. */
        amqpAckFix: z.boolean().default(false),
      })
      .prefault({}),
    eventBus: z
      .strictObject({
        /** JetStream version known to the Argo Events controller config; never `latest`. */
        jetstreamVersion: z
          .enum(['2.8.1', '2.8.1-alpine', '2.8.2', '2.8.2-alpine', '2.9.1', '2.9.12', '2.9.16', '2.10.29'])
          .default('2.10.29'),
        replicas: z.number().int().default(3),
      })
      .prefault({}),
    /** The external-secrets.io store every ExternalSecret reads from. */
    secretStore: z.strictObject({
      kind: z.enum(['ClusterSecretStore', 'SecretStore']).default('ClusterSecretStore'),
      name: DnsLabel,
    }),
    openstack: z.strictObject({
      /** Cloud name inside clouds.yaml (`OS_CLOUD`). */
      cloud: z.string().min(1),
      region: z.string().min(1),
      /** clouds.yaml secret (key `clouds.yaml`). */
      clouds: SecretRef,
      /**
       * The BMC password `ironic-node-create` writes into new nodes' driver_info (key `password`), mounted only in
       * that action's step pods (docs/openstack.md "BMC password"); needed only by the actions that enroll nodes.
       */
      bmcPassword: SecretRef.optional(),
      /** RabbitMQ carrying oslo.messaging notifications; credentials come from `credentials` (keys username, password). */
      notifications: z.strictObject({
        url: z
          .string()
          .regex(/^amqps?:\/\/[^@/]+(:\d+)?(\/.*)?$/, 'must be amqp(s)://host[:port][/vhost] without credentials'),
        credentials: SecretRef,
        /** Ironic's versioned notifications (`[oslo_messaging_notifications] topics`, `notification_format`). */
        ironic: NotificationTopic('ironic', 'ironic_versioned_notifications.info'),
        /** Keystone's notifications (`[oslo_messaging_notifications] topics`, `notification_format = basic`). */
        keystone: NotificationTopic('keystone', 'notifications.info'),
      }),
    }),
    nautobot: z.strictObject({
      url: z.url(),
      /** API token secret (key `token`). */
      token: SecretRef,
      /**
       * Bearer token Nautobot's webhooks present (key `token`): each webhook's additional header
       * `Authorization: Bearer <token>` (docs/automations.md).
       */
      webhookToken: SecretRef,
      /** Name of the device status meaning "in maintenance": a device moved to or from it toggles its node's maintenance. */
      maintenanceStatus: z.string().min(1).default('Maintenance'),
    }),
    /** Schedules of the catalog's CronWorkflows (5-field cron, IANA time zone). */
    schedules: z
      .strictObject({
        /** The full Ironic -> Nautobot resync (`nautobot-devices-resync`). */
        nautobotResync: Schedule('30 2 * * *'),
      })
      .prefault({}),
    kubernetes: z.strictObject({
      clusters: z.array(KubernetesCluster).min(1),
      /** Kinds `workload-delete` may delete. */
      deletableKinds: z
        .array(z.enum(['Pod', 'Job', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']))
        .default(['Pod', 'Job']),
    }),
    aws: z.strictObject({
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as "eu-west-1"'),
      /** IAM role for IRSA, set as `eks.amazonaws.com/role-arn` on the AWS steps' ServiceAccount. */
      roleArn: z
        .string()
        .regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
        .optional(),
      /**
       * AUTH tokens of the ElastiCache replication groups `aws-elasticache-flush` may flush: one Secret with one key per
       * replication group id. A group not listed has no token file, so its flush stops before connecting.
       */
      elasticache: z
        .strictObject({
          authTokens: SecretRef,
          replicationGroups: z
            .array(z.string().regex(/^[A-Za-z](?:-?[A-Za-z0-9])*$/, 'must be an ElastiCache replication group id'))
            .min(1),
        })
        .optional(),
    }),
    alertmanager: z
      .strictObject({
        /** Bearer token Alertmanager sends to the webhook EventSource (key `token`). */
        webhookToken: SecretRef,
        /**
         * Alertmanager's own address (`ALERTMANAGER_URL`, e.g. `http://alertmanager.monitoring:9093`) for the silence
         * steps; needed only by actions that run them.
         */
        url: HttpUrl.optional(),
        /** Bearer token the silence steps send, for an authenticating proxy in front of Alertmanager (key `token`). */
        apiToken: SecretRef.optional(),
      })
      .refine((alertmanager) => alertmanager.apiToken === undefined || alertmanager.url !== undefined, {
        path: ['apiToken'],
        message: 'a token for the Alertmanager API needs its url',
      }),
    notify: NotifyConfig.optional(),
    /** Jira for the jira steps; needed only by actions that run them. */
    jira: z
      .strictObject({
        url: z.url(),
        /** `cloud`: REST v3, e-mail + API token; `server`: Server/Data Center REST v2, personal access token. */
        deployment: z.enum(['cloud', 'server']),
        /** The account of the API token (Cloud only). */
        email: z.email().optional(),
        /** API token (Cloud) or personal access token (Server/DC) secret (key `token`). */
        token: SecretRef,
      })
      .refine((jira) => (jira.deployment === 'cloud') === (jira.email !== undefined), {
        path: ['email'],
        message: 'Jira Cloud needs the e-mail of the API token; Server/Data Center takes none',
      })
      .optional(),
    /**
     * Who may run which action on which targets, how often, approved by whom (docs/governance.md). Each role becomes
     * an SSO RBAC ServiceAccount of Argo Server and rules of the ValidatingAdmissionPolicy. @default - none
     */
    roles: z.array(Role).default([]),
  })
  .superRefine((site, ctx) => {
    const roleNames = new Set<string>();
    site.roles.forEach((role, i) => {
      if (roleNames.has(role.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', i, 'name'],
          message: `role names must be unique; "${role.name}" is used twice`,
        });
      }
      roleNames.add(role.name);
    });
    const seen = new Set<string>();
    let inCluster: string | undefined;
    site.kubernetes.clusters.forEach((cluster, i) => {
      if (!cluster.inCluster && !cluster.kubeconfig) {
        ctx.addIssue({
          code: 'custom',
          path: ['kubernetes', 'clusters', i, 'kubeconfig'],
          message: `cluster "${cluster.name}" needs a kubeconfig secret unless inCluster is true`,
        });
      }
      // Steps would silently ignore it (they use the pod's ServiceAccount), and an ExternalSecret would be made for it.
      if (cluster.inCluster && cluster.kubeconfig) {
        ctx.addIssue({
          code: 'custom',
          path: ['kubernetes', 'clusters', i, 'kubeconfig'],
          message: `cluster "${cluster.name}" is inCluster: it uses the pod's ServiceAccount, not a kubeconfig`,
        });
      }
      // Steps address clusters by name (`--cluster`), and each remote one is a file named after it.
      if (seen.has(cluster.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['kubernetes', 'clusters', i, 'name'],
          message: `cluster names must be unique; "${cluster.name}" is used twice`,
        });
      }
      seen.add(cluster.name);
      if (cluster.inCluster && inCluster !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['kubernetes', 'clusters', i, 'inCluster'],
          message: `only one cluster is the one opsflow runs in; "${inCluster}" already is`,
        });
      }
      if (cluster.inCluster) inCluster ??= cluster.name;
    });
    if (site.argoEvents.amqpAckFix && !hasAmqpAckFix(site.argoEvents.version)) {
      ctx.addIssue({
        code: 'custom',
        path: ['argoEvents', 'amqpAckFix'],
        message: `Argo Events ${site.argoEvents.version} has no AMQP ack fix (argoproj/argo-events#4178: it never acks with autoAck false); name the build that carries #4179 in argoEvents.version`,
      });
    }
    const operators = site.notify?.operators;
    if (operators && !configuredTransports(site.notify!).includes(operators.via)) {
      ctx.addIssue({
        code: 'custom',
        path: ['notify', 'operators', 'via'],
        message: `"${operators.via}" is not configured: set ${TRANSPORT_SETTING[operators.via]}`,
      });
    }
    if (site.eventBus.replicas === 2 || site.eventBus.replicas < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventBus', 'replicas'],
        message: `JetStream needs 1 or at least 3 replicas, got ${site.eventBus.replicas}`,
      });
    }
  });
/**
 * Whether an Argo Events version may carry #4179: every plain release up to v1.9.11 does not (the fix was merged
 * after it); a later release or a suffixed build (e.g. `v1.9.11-amqp-ack`) is the site's word.
 */
function hasAmqpAckFix(version: string): boolean {
  const [, major, minor, patch, suffix] = /^v(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(version) ?? [];
  if (suffix) return true;
  const release = [Number(major), Number(minor), Number(patch)];
  const broken = [1, 9, 11];
  for (let i = 0; i < 3; i++) if (release[i] !== broken[i]) return release[i]! > broken[i]!;
  return false;
}

export type SiteConfig = z.infer<typeof SiteConfig>;
export type SiteConfigInput = z.input<typeof SiteConfig>;

/** Parse a site config; a bad one throws an error that names each field and the value received. */
export function loadSite(input: unknown): SiteConfig {
  const parsed = SiteConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const line = (path: readonly PropertyKey[], message: string) =>
    `  ${['site', ...path.map(String)].join('.')}: ${message} (got ${JSON.stringify(valueAt(input, path)) ?? 'nothing'})`;
  // An unknown key is named by its full path with its own value, not the whole object around it.
  const lines = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => line([...issue.path, key], 'unknown field (misspelt?)'))
      : [line(issue.path, issue.message)],
  );
  throw new Error(`invalid site configuration:\n${lines.join('\n')}`);
}
