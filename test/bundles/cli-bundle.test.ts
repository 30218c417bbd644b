import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { parse } from 'yaml';
import { type BuiltCli, buildCliBundle } from '../../scripts/build-bundles.js';
import { ALICE, ROOT, startFake } from '../cli/harness.js';

// The bundle runs in node processes; a loaded CI machine can take seconds.
jest.setTimeout(60_000);

let out: string;
let built: BuiltCli;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'opsflow-cli-bundle-'));
  built = await buildCliBundle(out);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(
  args: string[],
  env: Record<string, string> = {},
  entry = built.entry,
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

describe('dist/cli/opsflow.mjs, the release bundle', () => {
  it('loads only commander and the command descriptions for --help: no zod, yaml, HTTP core, catalog or evaluator', () => {
    expect(built.startupInputs).toContain('src/cli/program.ts');
    expect(
      built.startupInputs.filter((file) =>
        /zod|yaml|re2js|src\/(clients|catalog|constructs|steps\/(?!runtime\/errors)|governance\/(?!access\.ts))/.test(
          file,
        ),
      ),
    ).toEqual([]);
    expect(built.startupBytes).toBeLessThan(100 * 1024);
  });

  it('does not load child_process for --help (commander requires it for executable subcommands only)', async () => {
    const probe = join(out, 'builtins.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write(process.moduleLoadList.filter((m) => / child_process$/.test(m)).join()));",
    );
    const help = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        ['-r', probe, built.entry, '--help'],
        { env: { PATH: process.env.PATH ?? '' } },
        (_error, _stdout, stderr) => resolve(stderr),
      );
    });
    expect(help).toBe('');
  });

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
      const env = { ARGO_SERVER: fake.url, ARGO_TOKEN: `Bearer ${ALICE.token}` };
      const list = await run(['--certificate-authority', fake.caFile, 'list', '-o', 'json'], env);
      expect(list.stderr).toBe('');
      expect(JSON.parse(list.stdout).map((a: { name: string }) => a.name)).toEqual([
        'approved-restart',
        'ironic-node-enroll',
        'openshift-workload-restart',
      ]);
      // Each command's lazily loaded parts (yaml, the catalog's schemas with zod, the step's input rules) work there.
      const yaml = await run(
        ['--certificate-authority', fake.caFile, 'describe', 'ironic-node-enroll', '-o', 'yaml'],
        env,
      );
      expect(parse(yaml.stdout)).toMatchObject({
        kind: 'composite',
        steps: expect.arrayContaining([{ name: 'enroll', runs: 'openstack/node-enroll' }]),
      });
      const refused = await run(['run', 'openshift-workload-restart', '-p', 'kind=Deploy'], env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('kind: Invalid option: expected one of "Deployment"');
    } finally {
      await fake.close();
    }
  });
});

describe('bin/opsflow.mjs, what `npx opsflow` runs from a clone (tsx, no build)', () => {
  it('prints the same help as the bundle', async () => {
    const [npx, bundle] = await Promise.all([run(['--help'], {}, join(ROOT, 'bin/opsflow.mjs')), run(['--help'])]);
    expect(npx).toEqual({ code: 0, stdout: bundle.stdout, stderr: '' });
  });
});
