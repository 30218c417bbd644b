import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HttpClient, toStepError } from '../../../src/clients/http/index.js';
import { ExitCode } from '../../../src/steps/runtime/errors.js';
import { selfSignedCertificate } from '../../fakes/self-signed.js';

// A server whose certificate does not verify is a configuration problem: retrying cannot fix it, so the client
// fails at once and the step exits 3 instead of burning the template's retries on exit 75.
let dir: string;
let server: Server;
let requests = 0;

beforeAll(async () => {
  const tls = selfSignedCertificate();
  dir = tls.dir;
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => {
      requests++;
      res.end('{}');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

it('fails at once on an untrusted certificate, as a final error', async () => {
  const { port } = server.address() as AddressInfo;
  const retries: string[] = [];
  const http = new HttpClient({
    baseUrl: `https://127.0.0.1:${port}`,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 },
    onRetry: (info) => retries.push(info.reason),
  });
  const error = await http.get('/v3').catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'certificate', attempts: 1 });
  expect((error as Error).message).toMatch(
    /GET https:\/\/127\.0\.0\.1:\d+\/v3 failed: the server certificate did not verify \(.*SELF_SIGNED.*\)/,
  );
  expect(retries).toEqual([]);
  expect(requests).toBe(0);
  expect(toStepError(error, 'keystone').exitCode).toBe(ExitCode.Precondition);
});
