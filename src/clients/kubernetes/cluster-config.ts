import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidInputError, NotFoundError } from '../../steps/runtime/errors.js';

export const DEFAULT_KUBECONFIG_DIR = '/etc/opsflow/kubeconfigs';

/**
 * Where the credentials of a named cluster come from: the kubeconfig mounted for it under `OPSFLOW_KUBECONFIG_DIR`
 * (a file `<dir>/<cluster>`, or a Secret volume `<dir>/<cluster>/kubeconfig`), or the pod's ServiceAccount for
 * the cluster named by `OPSFLOW_IN_CLUSTER`.
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
  if (!file) {
    throw new NotFoundError(
      `cluster "${cluster}" is not configured: no kubeconfig at ${join(dir, cluster)}; known clusters: ${describeKnown(dir, env.OPSFLOW_IN_CLUSTER)}`,
    );
  }
  try {
    config.loadFromFile(file);
  } catch (error) {
    // Only the first line: js-yaml goes on to quote the lines around the error, which may hold a token or a key.
    const reason = String((error as Error).message).split('\n')[0];
    throw new InvalidInputError(`kubeconfig of cluster "${cluster}" (${file}) cannot be read: ${reason}`);
  }
  if (!config.getCurrentCluster()) {
    throw new InvalidInputError(`kubeconfig of cluster "${cluster}" (${file}) has no current-context with a cluster`);
  }
  return config;
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
