/**
 * What a fresh clone promises: the bins run right after `npm ci` (no build), the Node the project declares meets
 * every installed package's own `engines`, and the test-server installs wait for a busy dpkg lock.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  bin: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('the bins run from the sources right after install', () => {
  it.each(Object.entries(pkg.bin))('%s points at a committed launcher, not at build output', (_name, path) => {
    expect(path).not.toMatch(/^dist\//);
    expect(readFileSync(join(root, path), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('opsflow-step list works without dist/', () => {
    const run = spawnSync(process.execPath, [join(root, pkg.bin['opsflow-step'] ?? ''), 'list', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const steps = JSON.parse(run.stdout) as { system: string; name: string }[];
    expect(steps.map((s) => `${s.system} ${s.name}`)).toContain('kubernetes workload-restart');
  });
});

describe('the declared Node', () => {
  const lowest = semver.minVersion(pkg.engines.node);

  it('is what the tests and scripts run on', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it("meets every locked package's engines.node at its lowest version", () => {
    const unmet = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.optional && entry.engines && !Array.isArray(entry.engines))
      .map(([path, entry]) => [path, (entry.engines as { node?: string }).node] as const)
      .filter(([, range]) => range !== undefined && !semver.satisfies(lowest ?? '0.0.0', range, { loose: true }))
      .map(([path, range]) => `${path.replace(/^node_modules\//, '')} needs node ${range}`);
    expect(unmet).toEqual([]);
  });
});

describe('test-server installs', () => {
  it('call apt-get only through scripts/lib/apt-install.sh', () => {
    const scripts = readdirSync(join(root, 'scripts'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.sh'),
    );
    const direct = scripts.filter(
      (f) =>
        f !== join('lib', 'apt-install.sh') && /^\s*apt-get\b/m.test(readFileSync(join(root, 'scripts', f), 'utf8')),
    );
    expect(direct).toEqual([]);
  });

  it('wait for a busy dpkg lock instead of failing at once', () => {
    // apt-get and dpkg-query that record their arguments: what is under test is how the script calls apt.
    const bin = mkdtempSync(join(tmpdir(), 'opsflow-apt-'));
    try {
      const calls = join(bin, 'calls');
      for (const tool of ['apt-get', 'dpkg-query']) {
        writeFileSync(
          join(bin, tool),
          `#!/bin/sh\necho "${tool} $*" >>"${calls}"\n${tool === 'dpkg-query' ? 'exit 1' : 'exit 0'}\n`,
        );
        chmodSync(join(bin, tool), 0o755);
      }
      const run = spawnSync('bash', [join(root, 'scripts/lib/apt-install.sh'), 'demo', 'pkg-a', 'pkg-b'], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const aptCalls = readFileSync(calls, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('apt-get'));
      expect(aptCalls).toEqual([
        'apt-get -o DPkg::Lock::Timeout=300 update -q',
        'apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends pkg-a pkg-b',
      ]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
