import { createRequire } from 'node:module';
import { z } from 'zod';
import { valueAt } from '../common/value-at.js';
import { DNS_LABEL } from '../constructs/validation.js';

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
    argocd: z.strictObject({
      repoURL: z.url(),
      targetRevision: z.string().min(1).default('main'),
      /** Namespace Argo CD runs in. */
      namespace: DnsLabel.default('argocd'),
      project: z.string().min(1).default('default'),
    }),
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
      /** RabbitMQ carrying oslo.messaging notifications; credentials come from `credentials` (keys username, password). */
      notifications: z.strictObject({
        url: z
          .string()
          .regex(/^amqps?:\/\/[^@/]+(:\d+)?(\/.*)?$/, 'must be amqp(s)://host[:port][/vhost] without credentials'),
        credentials: SecretRef,
      }),
    }),
    nautobot: z.strictObject({
      url: z.url(),
      /** API token secret (key `token`). */
      token: SecretRef,
    }),
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
    }),
    alertmanager: z.strictObject({
      /** Bearer token Alertmanager sends to the webhook EventSource (key `token`). */
      webhookToken: SecretRef,
    }),
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
  })
  .superRefine((site, ctx) => {
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
    if (site.eventBus.replicas === 2 || site.eventBus.replicas < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventBus', 'replicas'],
        message: `JetStream needs 1 or at least 3 replicas, got ${site.eventBus.replicas}`,
      });
    }
  });
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
