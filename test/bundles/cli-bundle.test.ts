import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
/** The release file's cache directory in most tests (XDG_CACHE_HOME). */
let cache: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'opsflow-cli-bundle-'));
  cache = join(out, 'cache');
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
      { env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cache, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** `events replay` of a resolved Alertmanager notification, which no automation fires on, and what it prints. */
const replayArgs = [
  'events',
  'replay',
  'alertmanager/alerts',
  `${ROOT}/test/fixtures/alertmanager/resolved.json`,
  '--manifests',
  ROOT,
];
const resolvedReplay = `{"file":"${ROOT}/test/fixtures/alertmanager/resolved.json","triggers":[]}\n`;

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

  it('does not load child_process, net, tty or the streams for --help (to a pipe: fs.writeSync, src/cli/io.ts)', async () => {
    await run(['--help']); // the first run writes the cache (node:zlib, which loads the streams)
    const probe = join(out, 'builtins.cjs');
    writeFileSync(
      probe,
      "process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.filter((m) => / (child_process|net|tty|internal\\/streams\\/writable)$/.test(m)).join()));",
    );
    const help = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', probe, built.entry, '--help'],
        { env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cache } },
        (_error, stdout, stderr) => resolve({ stdout, stderr }),
      );
    });
    expect(help.stdout).toContain('approve [options] <run>');
    expect(help.stderr).toBe('');
  });

  it('prints its help and replays events with plain node, no warnings', async () => {
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('approve [options] <run>');
    expect(await run(replayArgs)).toEqual({ code: 0, stdout: resolvedReplay, stderr: '' });
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

describe('dist/cli/opsflow.mjs is one file: the loader and the split bundle as its payload', () => {
  /** The release file copied alone into an empty directory, with a home of its own. */
  function alone(): { entry: string; home: string } {
    const dir = mkdtempSync(join(out, 'alone-'));
    const entry = join(dir, 'opsflow.mjs');
    copyFileSync(built.entry, entry);
    expect(readdirSync(dir)).toEqual(['opsflow.mjs']);
    const home = join(dir, 'home');
    mkdirSync(home);
    return { entry, home };
  }

  /** The one cache directory under `root` (named by the payload's hash) and its bundle files' identities. */
  function cached(root: string): { dir: string; files: Record<string, string> } {
    const [hash, ...others] = readdirSync(root);
    expect(others).toEqual([]);
    const dir = join(root, hash!);
    const files: Record<string, string> = {};
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const stat = statSync(join(dir, file));
      if (stat.isFile() && !file.startsWith('compile-cache/')) files[file] = `${stat.ino}:${stat.ctimeMs}`;
    }
    return { dir, files };
  }

  it('copied alone, prints its help, lists from Argo Server and replays events (lazily loaded chunks)', async () => {
    const { entry, home } = alone();
    const env = { HOME: home, XDG_CACHE_HOME: '' };
    const help = await run(['--help'], env, entry);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('approve [options] <run>');
    expect(await run(replayArgs, env, entry)).toEqual({ code: 0, stdout: resolvedReplay, stderr: '' });
    const fake = await startFake();
    try {
      const list = await run(
        ['--certificate-authority', fake.caFile, 'list'],
        { ...env, ARGO_SERVER: fake.url, ARGO_TOKEN: `Bearer ${ALICE.token}` },
        entry,
      );
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect(list.stdout).toMatch(/^NAME +KIND +TITLE/);
      expect(list.stdout).toContain('ironic-node-enroll');
    } finally {
      await fake.close();
    }
    // The bundle's files went to ~/.cache/opsflow/<hash>/, next to nothing else.
    expect(Object.keys(cached(join(home, '.cache', 'opsflow')).files)).toContain('opsflow.cjs');
  });

  it('writes the cache once: a second run imports the same files', async () => {
    const { entry, home } = alone();
    await run(['--help'], { XDG_CACHE_HOME: home }, entry);
    const first = cached(join(home, 'opsflow'));
    expect(await run(replayArgs, { XDG_CACHE_HOME: home }, entry)).toMatchObject({ code: 0, stdout: resolvedReplay });
    expect(cached(join(home, 'opsflow'))).toEqual(first);
    // V8's code of each file the first run loaded is kept there too (src/launch/code-cache.mjs), and read by the next.
    const again = await run(['--help'], { XDG_CACHE_HOME: home, OPSFLOW_CODE_CACHE_DEBUG: '1' }, entry);
    const states = [...again.stderr.matchAll(/^code cache (\w+) for (\S+)$/gm)].map((match) => match[1]);
    expect(states.length).toBeGreaterThan(1);
    expect(states.filter((state) => state !== 'accepted')).toEqual([]);
    expect(cached(join(home, 'opsflow'))).toEqual(first);
  });

  it('does not use a tampered or partial cache: it writes the files again', async () => {
    const { entry, home } = alone();
    await run(['--help'], { XDG_CACHE_HOME: home }, entry);
    const { dir } = cached(join(home, 'opsflow'));
    const original = readFileSync(join(dir, 'opsflow.cjs'));
    // Same size, other code: only the file's modification time tells.
    const tampered = Buffer.alloc(original.length, ' ');
    tampered.write("process.stdout.write('tampered\\n');");
    writeFileSync(join(dir, 'opsflow.cjs'), tampered);
    const help = await run(['--help'], { XDG_CACHE_HOME: home }, entry);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('approve [options] <run>');
    expect(readFileSync(join(dir, 'opsflow.cjs')).equals(original)).toBe(true);
    // A lazily loaded chunk gone (a cleaner of old files, a partial copy): written again as well.
    const replayChunk = readdirSync(join(dir, 'chunks')).find((file) => /^event-replay-.*\.cjs$/.test(file))!;
    rmSync(join(dir, 'chunks', replayChunk));
    expect(await run(replayArgs, { XDG_CACHE_HOME: home }, entry)).toEqual({
      code: 0,
      stdout: resolvedReplay,
      stderr: '',
    });
  });

  it('with a home it cannot write, uses a private directory in the temporary directory, never a shared one', async () => {
    const { entry, home } = alone();
    const readOnly = { HOME: join(home, 'not-a-directory'), XDG_CACHE_HOME: '', TMPDIR: join(home, 'tmp') };
    writeFileSync(readOnly.HOME, '');
    mkdirSync(readOnly.TMPDIR);
    expect(await run(replayArgs, readOnly, entry)).toEqual({ code: 0, stdout: resolvedReplay, stderr: '' });
    const own = join(readOnly.TMPDIR, `opsflow-${process.getuid!()}`);
    expect(statSync(own).mode & 0o777).toBe(0o700);
    expect(Object.keys(cached(own).files)).toContain('opsflow.cjs');
    // Writable by others: someone could have put code there.
    rmSync(own, { recursive: true });
    mkdirSync(own, { mode: 0o777 });
    chmodSync(own, 0o777);
    const refused = await run(['--help'], readOnly, entry);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`opsflow: cannot write its cache directory: `);
    expect(refused.stderr).toContain(`${own} is not a private directory of this user`);
  });
});

describe('bin/opsflow.mjs, what `npx opsflow` runs from a clone (tsx, no build)', () => {
  it('prints the same help as the bundle', async () => {
    const [npx, bundle] = await Promise.all([run(['--help'], {}, join(ROOT, 'bin/opsflow.mjs')), run(['--help'])]);
    expect(npx).toEqual({ code: 0, stdout: bundle.stdout, stderr: '' });
  });
});
