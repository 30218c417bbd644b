import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { buildCliBundle } from '../../scripts/build-bundles.js';
import { ALICE, ROOT, startFake } from '../cli/harness.js';

// The bundle runs in node processes; a loaded CI machine can take seconds.
jest.setTimeout(60_000);

let out: string;
let entry: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'opsflow-cli-bundle-'));
  ({ entry } = await buildCliBundle(out));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('dist/cli/opsflow.mjs, the single-file bundle', () => {
  it('prints its help and replays events with plain node, no warnings', async () => {
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('approve [options] <run>');
    const replay = await run([
      'events',
      'replay',
      'alertmanager/alerts',
      `${ROOT}/test/fixtures/alertmanager/resolved.json`,
      '--manifests',
      ROOT,
    ]);
    expect(replay).toEqual({
      code: 0,
      stdout: `{"file":"${ROOT}/test/fixtures/alertmanager/resolved.json","triggers":[]}\n`,
      stderr: '',
    });
  });

  it('talks to Argo Server over verified TLS', async () => {
    const fake = await startFake();
    try {
      const list = await run(['--certificate-authority', fake.caFile, 'list', '-o', 'json'], {
        ARGO_SERVER: fake.url,
        ARGO_TOKEN: `Bearer ${ALICE.token}`,
      });
      expect(list.stderr).toBe('');
      expect(JSON.parse(list.stdout).map((a: { name: string }) => a.name)).toEqual([
        'approved-restart',
        'ironic-node-enroll',
        'openshift-workload-restart',
      ]);
    } finally {
      await fake.close();
    }
  });
});
