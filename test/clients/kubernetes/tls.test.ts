import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { KubernetesClient } from '../../../src/clients/kubernetes/client.js';
import { loadClusterConfig } from '../../../src/clients/kubernetes/cluster-config.js';
import { execInContainer } from '../../../src/clients/kubernetes/exec.js';
import { FakeKubernetes } from '../../fakes/kubernetes/server.js';
import { selfSignedCertificate } from '../../fakes/self-signed.js';

// A real API server is HTTPS with its own CA: the REST calls (node-fetch with client-node's agent) and exec
// (WebSocket) must both trust the kubeconfig's certificate-authority-data and send the token.
jest.setTimeout(20_000);

let dir: string;
let fake: FakeKubernetes;
beforeAll(async () => {
  const tls = selfSignedCertificate();
  dir = tls.dir;
  fake = await new FakeKubernetes({ key: tls.key, cert: tls.cert }).start();
  fake.writeKubeconfig(dir, 'secure');
  fake.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [{ name: 'c' }] },
  });
  fake.exec = (command) => ({ stdout: `ran ${command.join(' ')}\n`, stderr: 'warning\n', exitCode: 4 });
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('REST over HTTPS trusts the kubeconfig CA and sends the bearer token', async () => {
  expect(fake.url).toMatch(/^https:/);
  const client = new KubernetesClient('secure', loadClusterConfig('secure', { OPSFLOW_KUBECONFIG_DIR: dir }));
  const pod = await client.get<{ metadata: { name: string } }>('read pod', '/api/v1/namespaces/ns/pods/p');
  expect(pod.metadata.name).toBe('p');
  expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', authorization: `Bearer ${fake.token}` });
});

test('exec over wss returns stdout, stderr and the exit code from the status channel', async () => {
  const client = new KubernetesClient('secure', loadClusterConfig('secure', { OPSFLOW_KUBECONFIG_DIR: dir }));
  const result = await execInContainer(client, { namespace: 'ns', pod: 'p', container: 'c', command: ['echo', 'hi'] });
  expect(result).toEqual({ stdout: 'ran echo hi\n', stderr: 'warning\n', exitCode: 4 });
});

test('a server certificate the kubeconfig does not trust fails at once with exit 3; no request reaches the server', async () => {
  const before = fake.requests.length;
  writeFileSync(
    join(dir, 'untrusted'),
    readFileSync(join(dir, 'secure'), 'utf8').replace(/^ +certificate-authority-data: .*\n/m, ''),
  );
  const client = new KubernetesClient('untrusted', loadClusterConfig('untrusted', { OPSFLOW_KUBECONFIG_DIR: dir }), {
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
  });
  await expect(client.get('read pod', '/api/v1/namespaces/ns/pods/p')).rejects.toMatchObject({
    name: 'PreconditionError',
    exitCode: 3,
    message: expect.stringMatching(/self[- ]signed certificate/),
  });
  expect(fake.requests.length).toBe(before);
});
