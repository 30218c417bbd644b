import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { type BuiltBundle, type BundleName, buildBundle, bundles } from '../../scripts/build-bundles.js';
import { WARM_COMPILE_CACHE, writeLauncher } from '../../scripts/launcher.js';
import { allFamilies } from '../../src/steps/bin/families.js';
import { familyCatalog, type StepCatalog, type StepManifest } from '../../src/steps/runtime/catalog.js';
import { FAKE_CREDENTIALS, FakeRds } from '../fakes/aws/fake-rds.js';
import { FakeKubernetes } from '../fakes/kubernetes/server.js';
import { startFakeSmtp } from '../fakes/notify/smtp.js';
import { deployment, pod } from '../steps/kubernetes/harness.js';
import { runCli } from '../steps/runtime/harness.js';

/** What each bundle must carry: its image's families and nothing else. */
const systemsOf: Record<BundleName, readonly string[]> = {
  kubernetes: ['kubernetes'],
  aws: ['aws'],
  openstack: ['openstack', 'nautobot'],
  notify: ['alertmanager', 'notify', 'jira'],
  all: ['alertmanager', 'aws', 'jira', 'kubernetes', 'nautobot', 'notify', 'openstack'],
};

// Each test starts node processes; a loaded CI machine can take seconds.
jest.setTimeout(30_000);

let out: string;
const built = new Map<BundleName, BuiltBundle>();
let sourceCatalog: StepCatalog;
let sourceManifests: readonly StepManifest[];
/** Per image bundle: the image's launcher built for it, without a code cache. */
const launchers = new Map<BundleName, string>();
const IMAGES = bundles.filter((name) => name !== 'all');

interface NodeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bundle with plain node in a child process (asynchronously, so fake servers in this process answer). */
function runBundle(
  name: BundleName,
  args: readonly string[],
  env: Record<string, string> = {},
  entry = built.get(name)?.entry ?? '',
  user: { uid?: number; gid?: number } = {},
): Promise<NodeRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, ...args],
      { env: { PATH: process.env.PATH ?? '', OPSFLOW_OUTPUT_DIR: join(out, 'outputs', name), ...env }, ...user },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'opsflow-bundles-'));
  for (const name of bundles) built.set(name, await buildBundle(name, out));
  sourceCatalog = await familyCatalog(allFamilies);
  sourceManifests = sourceCatalog.manifests;
  for (const name of IMAGES) {
    const launcher = join(out, `${name}-launcher`, 'opsflow-step');
    mkdirSync(join(out, `${name}-launcher`));
    writeLauncher(launcher, built.get(name)?.dir ?? '', join(out, 'no-compile-cache'));
    launchers.set(name, launcher);
  }
}, 240_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(bundles)('the %s bundle', (name) => {
  it('prints its help with plain node', async () => {
    const run = await runBundle(name, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: opsflow-step \[options\] \[command\]/);
    expect(run.stdout).toContain('list [options]');
  });

  it('lists exactly its families, with the manifests the source describes', async () => {
    const run = await runBundle(name, ['list', '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as StepManifest[];
    const expected = sourceManifests.filter((step) => systemsOf[name].includes(step.system));
    expect(listed.map((step) => `${step.system}/${step.name}`).sort()).toEqual(
      expected.map((step) => `${step.system}/${step.name}`).sort(),
    );
    for (const step of listed) {
      expect(step).toEqual(expected.find((other) => other.system === step.system && other.name === step.name));
    }
  });

  it('loads no family code at start-up (zod, API clients), so --help and list stay fast', () => {
    const startup = built.get(name)?.startupInputs ?? [];
    expect(startup).toContain('src/steps/runtime/cli.ts');
    expect(
      startup.filter((file) =>
        /^src\/(steps\/(?!runtime\/|bin\/)|clients\/(?!http\/redact))|zod|@kubernetes|@aws-sdk/.test(file),
      ),
    ).toEqual([]);
  });

  it('loads no API client and no run code at a step start: src/steps/<family>/run/ loads when the step runs', () => {
    const bundle = built.get(name);
    const starts: [string, readonly string[]][] = [
      ...Object.entries(bundle?.familyInputs ?? {}),
      ...Object.entries(bundle?.stepPrograms ?? {}).map(([step, program]): [string, readonly string[]] => [
        step,
        program.inputs,
      ]),
    ];
    expect(Object.keys(bundle?.familyInputs ?? {}).sort()).toEqual([...systemsOf[name]].sort());
    for (const [start, inputs] of starts) {
      // Client code a start may load: the runtime's helpers from the HTTP core (redaction, the retry clock) and
      // Alertmanager's matcher text, which names a silence step's target.
      const running = inputs.filter(
        (file) =>
          /@kubernetes|@aws-sdk|@smithy|nodemailer|node-fetch|src\/steps\/[a-z]+\/run\//.test(file) ||
          (file.startsWith('src/clients/') &&
            !/^src\/clients\/(http\/(redact|retry-policy)|alertmanager\/matchers)\.ts$/.test(file)),
      );
      expect({ start, running }).toEqual({ start, running: [] });
    }
  });

  it('stays within its size budget', () => {
    const bundle = built.get(name);
    expect(bundle?.totalBytes).toBeLessThanOrEqual((name === 'aws' ? 10 : 5) * 1024 * 1024);
  });
});

describe.each(IMAGES)('the step programs of the %s image', (name) => {
  it('hold one program per step, each loading its own step module, no other step of the image and no yaml', () => {
    const programs = Object.entries(built.get(name)?.stepPrograms ?? {});
    expect(programs.map(([step]) => step).sort()).toEqual(
      sourceManifests
        .filter((step) => systemsOf[name].includes(step.system))
        .map((step) => `${step.system} ${step.name}`)
        .sort(),
    );
    const modules = [...new Set(programs.map(([, program]) => program.module))];
    for (const [step, program] of programs) {
      const others = modules.filter((module) => module !== program.module && program.inputs.includes(module));
      // And not the yaml parser: the OpenStack client imports it when there is a clouds.yaml to read.
      const yaml = program.inputs.some((file) => /node_modules\/yaml\//.test(file));
      expect({ step, own: program.inputs.includes(program.module), others, yaml }).toEqual({
        step,
        own: true,
        others: [],
        yaml: false,
      });
    }
  });

  it('load no commander, neither the step programs nor the image entry: argv goes through node:util parseArgs', () => {
    const bundle = built.get(name);
    const starts: [string, readonly string[]][] = [
      ['entry', bundle?.startupInputs ?? []],
      ...Object.entries(bundle?.stepPrograms ?? {}).map(([step, program]): [string, readonly string[]] => [
        step,
        program.inputs,
      ]),
    ];
    for (const [start, inputs] of starts) {
      expect({ start, cli: inputs.includes('src/steps/runtime/cli.ts') }).toEqual({ start, cli: true });
      const commander = inputs.filter((file) => /node_modules\/commander\//.test(file));
      expect({ start, commander }).toEqual({ start, commander: [] });
    }
  });

  it('validate their inputs with zod/mini: no step program loads zod’s classic API', () => {
    // zod's classic API attaches dozens of methods to every schema it builds and is 3x the module of zod/mini, the
    // same validation core (docs/steps.md, start-up).
    const programs = Object.entries(built.get(name)?.stepPrograms ?? {});
    expect(programs.length).toBeGreaterThan(0);
    for (const [step, program] of programs) {
      const mini = program.inputs.some((file) => /node_modules\/zod\/v4\/mini\//.test(file));
      const classic = program.inputs.filter((file) => /node_modules\/zod\/v4\/classic\//.test(file));
      expect({ step, mini, classic }).toEqual({ step, mini: true, classic: [] });
    }
  });

  it('hold their manifests built in: no step program loads manifest.ts or zod’s JSON schema code', () => {
    for (const [step, program] of Object.entries(built.get(name)?.stepPrograms ?? {})) {
      const describing = program.inputs.filter((file) =>
        /src\/steps\/runtime\/manifest\.ts|node_modules\/zod\/v4\/core\/(to-json-schema|json-schema)/.test(file),
      );
      expect({ step, describing }).toEqual({ step, describing: [] });
    }
  });
});

describe('the image launcher (src/launch/opsflow-step.ts)', () => {
  it.each(IMAGES)('is built into the %s bundle for the image: node from its shebang, the bundle in /app', (name) => {
    const launcher = readFileSync(join(built.get(name)?.dir ?? '', 'opsflow-step'), 'utf8');
    // The kernel passes the rest of the line as one argument: the one flag (scripts/launcher.ts LAUNCHER_NODE_FLAG).
    expect(launcher.split('\n')[0]).toBe('#!/nodejs/bin/node --min-semi-space-size=8');
    expect(launcher).toContain('"/app/compile-cache"');
  });

  it('runs as an executable, started by the kernel from its shebang, with the arguments and exit code intact', async () => {
    // The launcher for the bundle built here instead of the image's /app, named without an extension as on PATH, its
    // shebang naming this node instead of the image's: the kernel starts node with the flag, as in a pod.
    const local = join(out, 'opsflow-step');
    writeLauncher(local, built.get('aws')?.dir ?? '', join(out, 'no-compile-cache'), process.execPath);
    const run = (args: readonly string[]) =>
      new Promise<NodeRun>((resolve) =>
        execFile(local, args, { env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        ),
      );
    const help = await run(['aws', 'rds-reboot', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: opsflow-step aws rds-reboot [options]');
    const invalid = await run(['aws', 'rds-reboot', '--nope']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("unknown option '--nope'");
  });
});

// Every step of an image, one node process after another: minutes on a loaded 2-core machine.
describe.each(IMAGES)('a step start in the %s image (the launcher runs the step’s own program)', (name) => {
  const stepsOf = () => sourceManifests.filter((step) => systemsOf[name].includes(step.system));

  it('answers each step’s --help, refused input and unknown flag exactly as the source step does', async () => {
    const refused = join(out, 'refused.json');
    writeFileSync(refused, '{"opsflowTestUnknownField": true}\n');
    for (const { system, name: step } of stepsOf()) {
      const argvs = [
        [system, step, '--help'],
        [system, step, '--input-file', refused],
        [system, step, '--no-such-flag'],
      ];
      const images = await Promise.all(argvs.map((argv) => runBundle(name, argv, {}, launchers.get(name))));
      for (const [index, argv] of argvs.entries()) {
        const source = await runCli(sourceCatalog, argv);
        const image = images[index];
        expect({ argv, code: image?.code, stdout: image?.stdout, message: messageOf(image?.stderr ?? '') }).toEqual({
          argv,
          code: source.code,
          stdout: source.stdout,
          message: source.message,
        });
      }
    }
  }, 180_000);

  it('words zod’s messages in English, though zod/mini sets no locale of its own', async () => {
    // A step program loads zod/mini alone; without src/common/zod-mini.ts's config(en()) every message would read
    // "Invalid input" with no detail.
    const [step] = stepsOf().filter((manifest) => (manifest.inputSchema.required ?? []).length > 0);
    const empty = join(out, 'empty.json');
    writeFileSync(empty, '{}\n');
    const run = await runBundle(
      name,
      [step?.system ?? '', step?.name ?? '', '--input-file', empty],
      {},
      launchers.get(name),
    );
    const field = step?.inputSchema.required?.[0];
    expect({ code: run.code, message: messageOf(run.stderr) }).toEqual({
      code: 2,
      message: expect.stringMatching(
        new RegExp(`\\n  ${field}: Invalid input: expected \\w+, received undefined \\(missing: `),
      ),
    });
  });

  it('loads none of the built-ins a step start does not use', async () => {
    // Each of these costs milliseconds to load (scripts/build-bundles.ts builtinsThroughRequire). The streams and
    // worker_threads came with the copy of node:util's properties that a named import of `parseArgs` made; a step
    // writes to its stdio pipes with fs.writeSync (src/common/write-fully.ts), no stream.
    const heavy = ['child_process', 'crypto', 'fs/promises', 'perf_hooks', 'readline', 'stream', 'worker_threads'];
    const preload = join(out, 'report-builtins.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.OPSFLOW_TEST_BUILTINS, JSON.stringify(process.moduleLoadList)));\n",
    );
    const refused = join(out, 'refused.json');
    writeFileSync(refused, '{"opsflowTestUnknownField": true}\n');
    for (const { system, name: step } of stepsOf()) {
      const report = join(out, `builtins-${system}-${step}.json`);
      const run = await runBundle(
        name,
        [system, step, '--input-file', refused],
        { NODE_OPTIONS: `--require=${preload}`, OPSFLOW_TEST_BUILTINS: report },
        launchers.get(name),
      );
      expect(run.code).toBe(2);
      const loaded = (JSON.parse(readFileSync(report, 'utf8')) as string[])
        .filter((entry) => entry.startsWith('NativeModule '))
        .map((entry) => entry.slice('NativeModule '.length));
      expect({ step: `${system}/${step}`, heavy: loaded.filter((module) => heavy.includes(module)) }).toEqual({
        step: `${system}/${step}`,
        heavy: [],
      });
    }
  }, 180_000);
});

/** What a person reads on stderr besides the JSON log lines (as test/steps/runtime/harness.ts runCli's `message`). */
function messageOf(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{'))
    .map((line) => `${line}\n`)
    .join('');
}

describe('the code cache the image build stage bakes (containers/warm-compile-cache.mjs)', () => {
  // As root, the runs are made as another user, for whom the cache is really read-only (root writes anywhere).
  const asUser: { uid?: number; gid?: number } = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const refused = '{"opsflowTestUnknownField": true}\n';
  const bundleDir = () => built.get('aws')?.dir ?? '';
  let dir: string;
  let launcher: string;
  let cache: string;

  beforeEach(() => {
    dir = mkdtempSync(join(out, 'code-cache-'));
    for (const path of [out, dir]) chmodSync(path, 0o755);
    mkdirSync(join(dir, 'outputs'), { mode: 0o777 });
    chmodSync(join(dir, 'outputs'), 0o777);
    writeFileSync(join(dir, 'refused.json'), refused, { mode: 0o644 });
    launcher = join(dir, 'opsflow-step');
    cache = join(dir, 'cache');
    // Its shebang names this node: the warm-up starts it as the kernel does.
    writeLauncher(launcher, bundleDir(), cache, process.execPath);
    mkdirSync(cache);
    if (asUser.uid !== undefined) chownSync(cache, asUser.uid, asUser.gid ?? asUser.uid);
  });

  /** The cache as in the image: owned by root (when the test runs as root) and read-only to the step's user. */
  function makeReadOnly(path: string): void {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) makeReadOnly(child);
      else chmodSync(child, 0o444);
      if (asUser.uid !== undefined) chownSync(child, 0, 0);
    }
    chmodSync(path, 0o555);
    if (asUser.uid !== undefined) chownSync(path, 0, 0);
  }

  const warm = (args: readonly string[] = []) =>
    runBundle('aws', [launcher, ...args], { OPSFLOW_CODE_CACHE_WARM: cache }, WARM_COMPILE_CACHE, asUser);
  const step = (env: Record<string, string> = {}) =>
    runBundle(
      'aws',
      ['aws', 'rds-reboot', '--input-file', join(dir, 'refused.json')],
      { OPSFLOW_OUTPUT_DIR: join(dir, 'outputs'), OPSFLOW_CODE_CACHE_DEBUG: '1', ...env },
      launcher,
      asUser,
    );
  /** The launcher's report, per bundle file: accepted, rejected or missing. */
  const cacheStates = (stderr: string): Record<string, string> =>
    Object.fromEntries([...stderr.matchAll(/^code cache (\w+) for (\S+)$/gm)].map((match) => [match[2], match[1]]));

  it('is written by the warm-up, then read from a read-only directory: every file a step start loads', async () => {
    expect(await warm()).toMatchObject({
      code: 0,
      stdout: 'warm-compile-cache: started 5 steps up to input validation\n',
    });
    makeReadOnly(cache);
    const run = await step();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('opsflowTestUnknownField: unknown field');
    const states = cacheStates(run.stderr);
    // The step start ran the step's own program (steps/aws/rds-reboot.cjs) and its chunks, and nothing else.
    expect(states[join(bundleDir(), 'steps', 'aws', 'rds-reboot.cjs')]).toBe('accepted');
    expect(Object.keys(states).filter((file) => !file.startsWith(join(bundleDir(), 'steps', '/')))).toEqual([]);
    expect(Object.entries(states).filter(([, state]) => state !== 'accepted')).toEqual([]);
  });

  it('holds the code a run compiled: a file another run used further is cached again with more', async () => {
    // The warm-up without steps: only --help ran the entry's program.
    const entryCache = () => readdirSync(cache).find((file) => file.startsWith('opsflow-step.cjs.')) ?? '';
    const warmHelp = await runBundle('aws', ['--help'], { OPSFLOW_CODE_CACHE_WARM: cache }, launcher, asUser);
    expect(warmHelp.code).toBe(0);
    const afterHelp = readFileSync(join(cache, entryCache())).length;
    // `list --json` runs the entry's list command and the manifests' JSON, which --help never compiled.
    const warmList = await runBundle('aws', ['list', '--json'], { OPSFLOW_CODE_CACHE_WARM: cache }, launcher, asUser);
    expect(warmList.code).toBe(0);
    expect(readFileSync(join(cache, entryCache())).length).toBeGreaterThan(afterHelp);
  });

  it('never fails a step when its cache cannot be used: refused, stale, or no directory at all', async () => {
    expect((await warm()).code).toBe(0);
    const program = join(bundleDir(), 'steps', 'aws', 'rds-reboot.cjs');
    const [programCache] = readdirSync(cache).filter((file) => file.startsWith('steps__aws__rds-reboot.cjs.'));
    // Another V8's or a damaged cache: V8 refuses it, and the file is compiled.
    writeFileSync(join(cache, programCache ?? ''), 'not V8 code');
    makeReadOnly(cache);
    const damaged = await step();
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain('opsflowTestUnknownField: unknown field');
    expect(cacheStates(damaged.stderr)[program]).toBe('rejected');

    // A cache directory that does not exist leaves every file to be compiled, silently.
    writeLauncher(launcher, bundleDir(), join(cache, 'missing'), process.execPath);
    const missing = await step({ OPSFLOW_CODE_CACHE_DEBUG: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('opsflowTestUnknownField: unknown field');
    expect(missing.stderr).not.toMatch(/code cache|EACCES|EROFS|ENOENT/i);
  });

  it('is not used for a bundle file that changed since it was written', async () => {
    // A copy of the bundle, so its step program can be rewritten: same size, another modification time.
    const copy = join(dir, 'bundle');
    cpSync(bundleDir(), copy, { recursive: true, preserveTimestamps: true });
    writeLauncher(launcher, copy, cache, process.execPath);
    expect((await warm()).code).toBe(0);
    const program = join(copy, 'steps', 'aws', 'rds-reboot.cjs');
    expect(cacheStates((await step()).stderr)[program]).toBe('accepted');
    writeFileSync(program, readFileSync(program));
    const changed = await step();
    expect(changed.code).toBe(2);
    expect(cacheStates(changed.stderr)[program]).toBe('missing');
  });
});

describe('a bundled step against a fake server', () => {
  let rds: FakeRds;
  let awsEnv: Record<string, string>;

  beforeEach(async () => {
    rds = new FakeRds();
    const endpoint = await rds.start();
    rds.addInstance({ id: 'orders-db' });
    awsEnv = {
      AWS_REGION: rds.region,
      AWS_ENDPOINT_URL_RDS: endpoint,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    };
  });
  afterEach(() => rds.stop());

  it('dry-runs aws rds-reboot: reads the instance, changes nothing, reports what it would do', async () => {
    // Through the image's launcher: the step's own program, steps/aws/rds-reboot.cjs.
    const run = await runBundle(
      'aws',
      ['aws', 'rds-reboot', '--instance', 'orders-db', '--dry-run'],
      awsEnv,
      launchers.get('aws'),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('would reboot DB instance orders-db\n');
    expect(rds.actions()).toContain('DescribeDBInstances');
    expect(rds.mutatingRequests()).toEqual([]);
    expect(rds.instanceStatus('orders-db')).toBe('available');
    const result = JSON.parse(readFileSync(join(out, 'outputs', 'aws', 'result.json'), 'utf8'));
    expect(result).toMatchObject({ step: 'aws/rds-reboot', outcome: 'dry-run', dryRun: true, exitCode: 0 });
    expect(run.stderr).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
  });

  it('runs kubernetes workload-restart from the kubernetes bundle: dry-run changes nothing, then a real restart', async () => {
    const kube = await new FakeKubernetes().start();
    try {
      const kubeconfigDir = mkdtempSync(join(out, 'kubeconfig-'));
      kube.writeKubeconfig(kubeconfigDir, 'prod');
      kube.add(deployment('web'));
      const env = { OPSFLOW_KUBECONFIG_DIR: kubeconfigDir, OPSFLOW_KUBERNETES_POLL_INTERVAL_MS: '5' };
      const args = ['kubernetes', 'workload-restart', '--cluster', 'prod', '--namespace', 'shop'];
      const launcher = launchers.get('kubernetes');
      const dryRun = await runBundle(
        'kubernetes',
        [...args, '--kind', 'Deployment', '--name', 'web', '--dry-run'],
        env,
        launcher,
      );
      expect(dryRun.code).toBe(0);
      expect(kube.requests.map((request) => `${request.method} ${request.path}`)).toContain(
        'GET /apis/apps/v1/namespaces/shop/deployments/web',
      );
      expect(kube.mutations()).toEqual([]);
      expect(dryRun.stderr).not.toContain(kube.token);

      const restart = await runBundle(
        'kubernetes',
        [...args, '--kind=Deployment', '--name=web', '--wait=true'],
        env,
        launcher,
      );
      expect(restart.code).toBe(0);
      expect(kube.mutations()).toMatchObject([
        {
          method: 'PATCH',
          path: '/apis/apps/v1/namespaces/shop/deployments/web',
          contentType: 'application/strategic-merge-patch+json',
        },
      ]);
      const result = JSON.parse(readFileSync(join(out, 'outputs', 'kubernetes', 'result.json'), 'utf8'));
      expect(result).toMatchObject({ step: 'kubernetes/workload-restart', outcome: 'changed', exitCode: 0 });
    } finally {
      await kube.stop();
    }
  });

  it('runs kubernetes java-heap-dump --dry-run from the kubernetes bundle: exec over WebSocket (jcmd -l)', async () => {
    const kube = await new FakeKubernetes().start();
    try {
      const kubeconfigDir = mkdtempSync(join(out, 'kubeconfig-'));
      kube.writeKubeconfig(kubeconfigDir, 'prod');
      kube.add(pod('api-0', { namespace: 'shop', containers: ['app'] }));
      const commands: string[][] = [];
      kube.exec = (command) => {
        commands.push(command);
        return { stdout: '1 /opt/app/app.jar\n4242 jdk.jcmd/sun.tools.jcmd.JCmd -l\n' };
      };
      const run = await runBundle(
        'kubernetes',
        ['kubernetes', 'java-heap-dump', '--cluster', 'prod', '--namespace', 'shop', '--pod', 'api-0', '--dry-run'],
        { OPSFLOW_KUBECONFIG_DIR: kubeconfigDir },
      );
      expect(run.stderr).not.toContain(kube.token);
      expect(run.code).toBe(0);
      expect(commands).toEqual([['jcmd', '-l']]);
      expect(run.stdout).toMatch(
        /^would run `jcmd 1 GC\.heap_dump \/tmp\/opsflow-heapdump-1-\d+\.hprof` in Pod shop\/api-0\/app/,
      );
    } finally {
      await kube.stop();
    }
  });

  it('stops a waiting step on SIGTERM (Argo stopping the pod) and exits 143 with a result', async () => {
    rds.addInstance({ id: 'slow-db', pollsToSettle: 100_000 });
    const child = spawn(
      process.execPath,
      [built.get('aws')?.entry ?? '', 'aws', 'rds-reboot', '--instance', 'slow-db', '--poll-interval-seconds', '0.05'],
      { env: { PATH: process.env.PATH ?? '', OPSFLOW_OUTPUT_DIR: join(out, 'outputs', 'sigterm'), ...awsEnv } },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('"event":"rebooting"')) resolve();
      });
    });
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(Date.now() - signalled).toBeLessThan(2000);
    const result = JSON.parse(readFileSync(join(out, 'outputs', 'sigterm', 'result.json'), 'utf8'));
    expect(result).toMatchObject({ step: 'aws/rds-reboot', outcome: 'failed', exitCode: 143 });
    expect(result).toMatchObject({ interrupted: true });
    expect(result.message).toMatch(/^interrupted by SIGTERM: /);
  });

  it('exits 2 on invalid input and 3 on a missing instance, without a change', async () => {
    const invalid = await runBundle('aws', ['aws', 'rds-reboot', '--instance', '1-bad'], awsEnv);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('instance: must start with a letter');
    expect(invalid.stdout).toBe('');
    const missing = await runBundle('aws', ['aws', 'rds-reboot', '--instance', 'nope-db'], awsEnv);
    expect(missing.code).toBe(3);
    expect(rds.mutatingRequests()).toEqual([]);
  });

  it('sends an e-mail from the notify image (nodemailer bundled) over STARTTLS with AUTH', async () => {
    const account = { user: 'opsflow@example.com', pass: 'bundle-smtp-password' };
    const smtp = await startFakeSmtp(account);
    try {
      const ca = join(smtp.certificate.dir, 'ca.pem');
      writeFileSync(ca, smtp.certificate.cert);
      const args = ['notify', 'send', '--via', 'email', '--from', 'opsflow@example.com', '--to', '["ops@example.com"]'];
      const run = await runBundle(
        'notify',
        [...args, '--subject', 'bundled', '--message', 'hello from the bundle'],
        {
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: String(smtp.port),
          SMTP_USERNAME: account.user,
          SMTP_PASSWORD: account.pass,
          SMTP_CA_FILE: ca,
        },
        launchers.get('notify'),
      );
      expect(run.code).toBe(0);
      expect(smtp.received).toMatchObject([{ to: ['ops@example.com'], user: account.user, tls: true }]);
      expect(run.stderr).not.toContain(account.pass);
    } finally {
      await smtp.close();
      rmSync(smtp.certificate.dir, { recursive: true, force: true });
    }
  });
});
