export { KubernetesClient, type KubernetesClientOptions } from './client.js';
export { DEFAULT_KUBECONFIG_DIR, loadClusterConfig } from './cluster-config.js';
export { type ExecRequest, type ExecResult, execInContainer } from './exec.js';
export * from './resources.js';
export { type RolloutStatus, rolloutStatus, type WorkloadKind } from './rollout-status.js';
