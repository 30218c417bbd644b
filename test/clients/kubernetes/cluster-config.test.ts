import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { loadClusterConfig } from '../../../src/clients/kubernetes/cluster-config.js';

const kubeconfig = (server: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}"}}]`,
    'users: [{name: u, user: {token: t}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
    '',
  ].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsflow-kubeconfigs-'));
  writeFileSync(join(dir, 'prod'), kubeconfig('https://prod.example.com:6443'));
  // A Secret mounted as a volume: a directory with the key `kubeconfig` (and the kubelet's `..data` links).
  mkdirSync(join(dir, 'edge', '..data'), { recursive: true });
  writeFileSync(join(dir, 'edge', 'kubeconfig'), kubeconfig('https://edge.example.com:6443'));
  writeFileSync(join(dir, 'broken'), 'clusters: [');
  writeFileSync(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
  // js-yaml quotes the lines around a syntax error: here the token line.
  writeFileSync(
    join(dir, 'leaky'),
    'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: sUpErSeCrEtToKeN123\n    client-key-data: "unterminated\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a kubeconfig file named after the cluster, or a mounted Secret directory holding `kubeconfig`', () => {
  const env = { OPSFLOW_KUBECONFIG_DIR: dir };
  expect(loadClusterConfig('prod', env).getCurrentCluster()?.server).toBe('https://prod.example.com:6443');
  expect(loadClusterConfig('edge', env).getCurrentCluster()?.server).toBe('https://edge.example.com:6443');
});

test('an unknown cluster is a NotFoundError (exit 3) naming the known clusters', () => {
  expect(() => loadClusterConfig('staging', { OPSFLOW_KUBECONFIG_DIR: dir, OPSFLOW_IN_CLUSTER: 'local' })).toThrow(
    expect.objectContaining({
      name: 'NotFoundError',
      exitCode: 3,
      message: `cluster "staging" is not configured: no kubeconfig at ${join(dir, 'staging')}; known clusters: broken, edge, empty, leaky, local (in-cluster), prod`,
    }),
  );
});

test('with no kubeconfig directory the message says so', () => {
  expect(() => loadClusterConfig('prod', { OPSFLOW_KUBECONFIG_DIR: join(dir, 'nowhere') })).toThrow(
    /known clusters: none \(no files in .*nowhere, OPSFLOW_IN_CLUSTER unset\)$/,
  );
});

test('an unreadable or empty kubeconfig is invalid input (exit 2) naming the file', () => {
  expect(() => loadClusterConfig('broken', { OPSFLOW_KUBECONFIG_DIR: dir })).toThrow(
    expect.objectContaining({
      name: 'InvalidInputError',
      exitCode: 2,
      message: expect.stringContaining(`(${join(dir, 'broken')}) cannot be read`),
    }),
  );
  expect(() => loadClusterConfig('empty', { OPSFLOW_KUBECONFIG_DIR: dir })).toThrow(
    /has no current-context with a cluster/,
  );
});

test('a kubeconfig that does not parse is reported by position, never by quoting its lines (credentials)', () => {
  let error: unknown;
  try {
    loadClusterConfig('leaky', { OPSFLOW_KUBECONFIG_DIR: dir });
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toMatchObject({ name: 'InvalidInputError', exitCode: 2 });
  const message = (error as Error).message;
  expect(message).toBe(
    `kubeconfig of cluster "leaky" (${join(dir, 'leaky')}) cannot be read: unexpected end of the stream within a double quoted scalar (7:1)`,
  );
  expect(message).not.toContain('sUpErSeCrEtToKeN123');
  expect(String((error as Error).cause)).not.toContain('sUpErSeCrEtToKeN123');
});

test('the in-cluster cluster outside a pod is a clear error', () => {
  const saved = process.env.KUBERNETES_SERVICE_HOST;
  delete process.env.KUBERNETES_SERVICE_HOST;
  try {
    expect(() => loadClusterConfig('local', { OPSFLOW_IN_CLUSTER: 'local' })).toThrow(
      'cluster "local" is configured in-cluster (OPSFLOW_IN_CLUSTER) but KUBERNETES_SERVICE_HOST is not set: is the step running in a pod?',
    );
  } finally {
    if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
  }
});
