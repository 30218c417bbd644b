import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidInputError, NotFoundError } from '../../steps/runtime/errors.js';
import { kubectlContextFor, loadKubectlConfig, readKubeconfigFile } from './kubectl-config.js';

export const DEFAULT_KUBECONFIG_DIR = '/etc/opsflow/kubeconfigs';

/**
 * Where the credentials of a named cluster come from: the pod's ServiceAccount for the cluster named by
 * `OPSFLOW_IN_CLUSTER`; else the kubeconfig mounted for it under `OPSFLOW_KUBECONFIG_DIR` (a file `<dir>/<cluster>`,
 * or a Secret volume `<dir>/<cluster>/kubeconfig`); else, as on a laptop, kubectl's kubeconfig (`KUBECONFIG` or
 * `~/.kube/config`) with the context that reaches the cluster (see `kubectlContextFor`).
 */
export function loadClusterConfig(cluster: string, env: Readonly<Record<string, string | undefined>>): KubeConfig {
  const config = new KubeConfig();
  if (env.OPSFLOW_IN_CLUSTER === cluster) {
    config.loadFromCluster();
    if (!process.env.KUBERNETES_SERVICE_HOST) {
      throw new InvalidInputError(
        `cluster "${cluster}" is configured in-cluster (OPSFLOW_IN_CLUSTER) but KUBERNETES_SERVICE_HOST is not set: is the step running in a pod?`,
      );
    }
    return config;
  }
  const dir = env.OPSFLOW_KUBECONFIG_DIR || DEFAULT_KUBECONFIG_DIR;
  const file = kubeconfigFile(dir, cluster);
  if (file) {
    const config = readKubeconfigFile(file, `kubeconfig of cluster "${cluster}"`);
    if (!config.getCurrentCluster()) {
      throw new InvalidInputError(`kubeconfig of cluster "${cluster}" (${file}) has no current-context with a cluster`);
    }
    return config;
  }
  // Outside a site's pods (a laptop): the kubeconfig kubectl uses, with the context that reaches this cluster.
  const kubectl = loadKubectlConfig(env);
  const context = kubectl && kubectlContextFor(kubectl.config, cluster);
  if (kubectl && context) {
    kubectl.config.setCurrentContext(context);
    if (!kubectl.config.getCurrentCluster()) {
      throw new InvalidInputError(
        `context "${context}" of ${kubectl.source} names cluster "${kubectl.config.getContextObject(context)?.cluster}", which it does not define`,
      );
    }
    return kubectl.config;
  }
  const kubectlPart = kubectl
    ? `, and ${kubectl.source} has no context named "${cluster}" nor a single one on a cluster of that name (contexts: ${describeContexts(kubectl.config)})`
    : '';
  throw new NotFoundError(
    `cluster "${cluster}" is not configured: no kubeconfig at ${join(dir, cluster)}${kubectlPart}; known clusters: ${describeKnown(dir, env.OPSFLOW_IN_CLUSTER)}`,
  );
}

function describeContexts(config: KubeConfig): string {
  const contexts = config.getContexts().map((context) => `${context.name} (cluster ${context.cluster})`);
  return contexts.length > 0 ? contexts.join(', ') : 'none';
}

function kubeconfigFile(dir: string, cluster: string): string | undefined {
  const path = join(dir, cluster);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isFile()) return path;
  if (stat?.isDirectory() && statSync(join(path, 'kubeconfig'), { throwIfNoEntry: false })?.isFile()) {
    return join(path, 'kubeconfig');
  }
  return undefined;
}

function describeKnown(dir: string, inCluster: string | undefined): string {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => !name.startsWith('.'));
  } catch {
    // No kubeconfig directory mounted: only the in-cluster one, if any, is known.
  }
  if (inCluster) names.push(`${inCluster} (in-cluster)`);
  return names.length > 0 ? names.sort().join(', ') : `none (no files in ${dir}, OPSFLOW_IN_CLUSTER unset)`;
}
