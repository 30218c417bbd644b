import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { InvalidInputError } from '../../steps/runtime/errors.js';

/** The kubeconfig kubectl would use (from `KUBECONFIG`, else `~/.kube/config`), and the files it came from. */
export interface KubectlConfig {
  readonly config: KubeConfig;
  /** How to name where it came from in a message, e.g. `KUBECONFIG (a:b)` or `~/.kube/config (/home/me/.kube/config)`. */
  readonly source: string;
}

/**
 * Merges the kubeconfig files the way kubectl does (k8s.io/client-go tools/clientcmd/loader.go
 * `ClientConfigLoadingRules.Load`): `KUBECONFIG` is a list separated by `:` (`;` on Windows) whose empty entries and
 * missing files are ignored; the first file to define a cluster, user or context name wins, and so does the first
 * file that sets `current-context`. Without `KUBECONFIG`, `~/.kube/config`. client-node's `loadFromDefault` differs
 * (v1.4.0: a missing file or a name defined twice throws, the last file's current-context wins, it reads
 * `process.env` and falls back to the pod's ServiceAccount), so it is not used. Undefined when no file exists.
 */
export function loadKubectlConfig(env: Readonly<Record<string, string | undefined>>): KubectlConfig | undefined {
  const list = env.KUBECONFIG;
  // client-go reads $HOME (util/homedir); without it there is no ~/.kube/config.
  const files = list ? list.split(delimiter).filter(Boolean) : env.HOME ? [join(env.HOME, '.kube', 'config')] : [];
  const present = files.filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
  if (present.length === 0) return undefined;
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of present) {
    const one = readKubeconfigFile(file, 'kubeconfig');
    for (const cluster of one.getClusters()) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of one.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of one.getContexts()) if (!contexts.has(context.name)) contexts.set(context.name, context);
    currentContext ||= one.getCurrentContext() || undefined;
  }
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return { config, source: list ? `KUBECONFIG (${list})` : `~/.kube/config (${present[0]})` };
}

/**
 * The context that reaches `cluster`, the way `kubectl --context <cluster>` would: the context of that name; else
 * the current-context when its cluster entry has that name; else the one context on that cluster. Never a context
 * on another cluster: a step must not act on whatever cluster happens to be current.
 */
export function kubectlContextFor(config: KubeConfig, cluster: string): string | undefined {
  const contexts = config.getContexts();
  if (contexts.some((context) => context.name === cluster)) return cluster;
  const onCluster = contexts.filter((context) => context.cluster === cluster);
  const current = onCluster.find((context) => context.name === config.getCurrentContext());
  if (current) return current.name;
  return onCluster.length === 1 ? onCluster[0]!.name : undefined;
}

/** Loads one kubeconfig file; a parse error names the file and its position, never the lines (credentials). */
export function readKubeconfigFile(file: string, label: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromFile(file);
  } catch (error) {
    // Only the first line: js-yaml goes on to quote the lines around the error, which may hold a token or a key.
    const reason = String((error as Error).message).split('\n')[0];
    throw new InvalidInputError(`${label} (${file}) cannot be read: ${reason}`);
  }
  return config;
}
