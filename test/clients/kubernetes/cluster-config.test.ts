import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadClusterConfig } from '../../../src/clients/kubernetes/cluster-config.js';
import { loadKubectlConfig } from '../../../src/clients/kubernetes/kubectl-config.js';

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

describe('outside a pod, with no site kubeconfig for the cluster: the kubeconfig kubectl uses', () => {
  let laptop: string;
  beforeAll(() => {
    laptop = mkdtempSync(join(tmpdir(), 'opsflow-laptop-'));
  });
  afterAll(() => rmSync(laptop, { recursive: true, force: true }));
  /** A kubeconfig file from parts, as `kubectl config view` would show them. */
  const file = (name: string, parts: { clusters?: string[]; contexts?: string[][]; current?: string }) => {
    const path = join(laptop, name);
    const lines = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      ...(parts.clusters ?? []).map((entry) => {
        const [cluster, server] = entry.split('=');
        return `- {name: ${cluster}, cluster: {server: "${server}", certificate-authority: ca/${cluster}.crt}}`;
      }),
      'users: [{name: me, user: {token: t}}]',
      'contexts:',
      ...(parts.contexts ?? []).map(
        ([context, cluster]) => `- {name: ${context}, context: {cluster: ${cluster}, user: me}}`,
      ),
      ...(parts.current ? [`current-context: ${parts.current}`] : []),
      '',
    ];
    writeFileSync(path, lines.join('\n'));
    return path;
  };
  const noSite = () => ({ OPSFLOW_KUBECONFIG_DIR: join(dir, 'nowhere') });
  const server = (config: ReturnType<typeof loadClusterConfig>) => config.getCurrentCluster()?.server;

  test('KUBECONFIG is merged like kubectl: missing files and empty entries skipped, the first definition wins', () => {
    const first = file('first', {
      clusters: ['shared=https://first.example.com', 'dev=https://dev.example.com'],
      contexts: [['dev', 'dev']],
      current: 'dev',
    });
    const second = file('second', {
      clusters: ['shared=https://second.example.com', 'prod-ocp=https://prod.example.com'],
      contexts: [
        ['shared', 'shared'],
        ['prod-ocp', 'prod-ocp'],
      ],
      current: 'prod-ocp',
    });
    const KUBECONFIG = `${join(laptop, 'missing')}:${first}::${second}`;
    const prod = loadClusterConfig('prod-ocp', { ...noSite(), KUBECONFIG });
    expect(server(prod)).toBe('https://prod.example.com');
    // Relative paths resolve against the file that holds them.
    expect(prod.getCurrentCluster()?.caFile).toBe(join(laptop, 'ca', 'prod-ocp.crt'));
    // "shared" is defined by both files: the first one's entry is kept, as kubectl keeps it.
    expect(server(loadClusterConfig('shared', { ...noSite(), KUBECONFIG }))).toBe('https://first.example.com');
    expect(server(loadClusterConfig('dev', { ...noSite(), KUBECONFIG }))).toBe('https://dev.example.com');
    // And the first file to set current-context wins (client-node's loadFromDefault takes the last one).
    expect(loadKubectlConfig({ KUBECONFIG })?.config.getCurrentContext()).toBe('dev');
  });

  test('without KUBECONFIG, ~/.kube/config; the cluster picks the context, the current-context breaks a tie', () => {
    const home = join(laptop, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(
      join(home, '.kube', 'config'),
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: api-prod, cluster: {server: "https://api-prod:6443"}}, {name: dev, cluster: {server: "https://dev:6443"}}]',
        'users: [{name: admin, user: {token: a}}, {name: viewer, user: {token: v}}]',
        'contexts:',
        '- {name: admin@api-prod, context: {cluster: api-prod, user: admin}}',
        '- {name: viewer@api-prod, context: {cluster: api-prod, user: viewer}}',
        '- {name: dev, context: {cluster: dev, user: admin}}',
        'current-context: viewer@api-prod',
        '',
      ].join('\n'),
    );
    const env = { ...noSite(), HOME: home };
    const prod = loadClusterConfig('api-prod', env);
    expect([prod.getCurrentContext(), server(prod), prod.getCurrentUser()?.token]).toEqual([
      'viewer@api-prod',
      'https://api-prod:6443',
      'v',
    ]);
    expect(loadClusterConfig('admin@api-prod', env).getCurrentUser()?.token).toBe('a');
    // The current-context is on api-prod: a step for "dev" uses dev's context, never the current one.
    expect(server(loadClusterConfig('dev', env))).toBe('https://dev:6443');
  });

  test('a cluster no context reaches is a NotFoundError listing the contexts; the current one is never a guess', () => {
    const only = file('only', {
      clusters: ['dev=https://dev.example.com', 'ocp=https://ocp.example.com'],
      contexts: [
        ['a', 'ocp'],
        ['b', 'ocp'],
        ['dev', 'dev'],
      ],
      current: 'dev',
    });
    const env = { ...noSite(), KUBECONFIG: only };
    expect(() => loadClusterConfig('prod', env)).toThrow(
      expect.objectContaining({
        name: 'NotFoundError',
        message: expect.stringContaining(
          `, and KUBECONFIG (${only}) has no context named "prod" nor a single one on a cluster of that name (contexts: a (cluster ocp), b (cluster ocp), dev (cluster dev))`,
        ),
      }),
    );
    // Two contexts on "ocp" and neither is current: ambiguous, refused.
    expect(() => loadClusterConfig('ocp', env)).toThrow(/has no context named "ocp" nor a single one/);
  });

  test('the site kubeconfig wins over KUBECONFIG; an unreadable file in the list names the file', () => {
    const other = file('other', { clusters: ['prod=https://laptop.example.com'], contexts: [['prod', 'prod']] });
    expect(server(loadClusterConfig('prod', { OPSFLOW_KUBECONFIG_DIR: dir, KUBECONFIG: other }))).toBe(
      'https://prod.example.com:6443',
    );
    expect(() => loadClusterConfig('prod', { ...noSite(), KUBECONFIG: `${other}:${join(dir, 'broken')}` })).toThrow(
      expect.objectContaining({
        name: 'InvalidInputError',
        message: expect.stringContaining(`kubeconfig (${join(dir, 'broken')}) cannot be read`),
      }),
    );
  });
});
