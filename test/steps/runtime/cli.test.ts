import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { OUTPUT_DIR } from '../../../src/constructs/workflows/step-access.js';
import { outputDirOf } from '../../../src/steps/runtime/context.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { defineStep } from '../../../src/steps/runtime/step.js';
import { demoRead, demoRestart, ran } from './demo-steps.js';
import { runCli } from './harness.js';

const catalog = catalogFromSteps([demoRestart, demoRead]);
const restart = ['kubernetes', 'demo-restart'];

beforeEach(() => {
  ran.length = 0;
});

describe('opsflow-step inputs', () => {
  it('reads kebab-case flags and coerces them by the field types', async () => {
    const run = await runCli(catalog, [
      ...restart,
      '--namespace',
      'shop',
      '--name',
      'web',
      '--replicas',
      '3',
      '--wait=false',
      '--labels',
      '["a","b"]',
      '--mode',
      'hard',
    ]);
    expect(run.code).toBe(0);
    expect(ran).toEqual([
      { namespace: 'shop', name: 'web', replicas: 3, wait: false, labels: ['a', 'b'], mode: 'hard' },
    ]);
  });

  it('takes booleans as --wait, --no-wait, --wait=true and --wait false', async () => {
    const base = [...restart, '--namespace', 'shop', '--name', 'web'];
    for (const [flags, wait] of [
      [['--wait'], true],
      [['--no-wait'], false],
      [['--wait=true'], true],
      [['--wait', 'false'], false],
      [['--wait=FALSE'], false],
    ] as const) {
      ran.length = 0;
      const run = await runCli(catalog, [...base, ...flags]);
      expect(run.code).toBe(0);
      expect(ran).toEqual([expect.objectContaining({ wait })]);
    }
  });

  it('prefers flags over OPSFLOW_* variables over --input-file, then the defaults', async () => {
    const first = await runCli(catalog, ['list']);
    const file = join(first.outputDir, 'input.json');
    writeFileSync(file, JSON.stringify({ namespace: 'from-file', name: 'file', replicas: 2, note: 'file' }));
    const run = await runCli(catalog, [...restart, '--input-file', file, '--name', 'flag'], {
      env: { OPSFLOW_NAME: 'env', OPSFLOW_REPLICAS: '4', OPSFLOW_UNRELATED: 'x' },
    });
    expect(run.code).toBe(0);
    expect(ran).toEqual([
      { namespace: 'from-file', name: 'flag', replicas: 4, note: 'file', wait: true, mode: 'soft' },
    ]);
  });

  it('treats the "" Argo renders for unset optional parameters as not given', async () => {
    const run = await runCli(
      catalog,
      [...restart, '--namespace', 'shop', '--name', 'web', '--replicas', '', '--note='],
      {
        env: { OPSFLOW_WAIT: '', OPSFLOW_LABELS: '' },
      },
    );
    expect(run.code).toBe(0);
    expect(ran).toEqual([{ namespace: 'shop', name: 'web', replicas: 1, wait: true, mode: 'soft' }]);
  });

  it('rejects bad values with exit 2, naming each field, the value and where it came from, and runs nothing', async () => {
    const run = await runCli(catalog, [...restart, '--namespace', 'Shop_1', '--replicas', 'three', '--wait=maybe'], {
      env: { OPSFLOW_LABELS: '{"a":1}' },
    });
    expect(run.code).toBe(2);
    expect(ran).toEqual([]);
    const [failed] = run.logs;
    expect(failed).toMatchObject({ level: 'error', step: 'kubernetes/demo-restart', event: 'failed', exitCode: 2 });
    const error = String(failed?.error);
    expect(error).toMatch(/^invalid input for kubernetes\/demo-restart:/);
    expect(error).toContain('  namespace: Invalid string: must match pattern');
    expect(error).toContain('(got "Shop_1" from --namespace)');
    expect(error).toContain(
      '  replicas: Invalid input: expected number, received string (got "three" from --replicas)',
    );
    expect(error).toContain('  wait: Invalid input: expected boolean, received string (got "maybe" from --wait)');
    expect(error).toContain(
      '  labels: Invalid input: expected array, received object (got {"a":1} from OPSFLOW_LABELS)',
    );
    expect(error).toContain(
      '  name: Invalid input: expected string, received undefined (missing: set --name, OPSFLOW_NAME',
    );
    expect(run.result()).toMatchObject({
      step: 'kubernetes/demo-restart',
      target: null,
      outcome: 'failed',
      exitCode: 2,
    });
  });

  it('names out-of-range numbers and nested array items', async () => {
    const run = await runCli(catalog, [
      ...restart,
      '--namespace',
      'a',
      '--name',
      'b',
      '--replicas',
      '11',
      '--labels',
      '["ok",7]',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('  replicas: Too big: expected number to be <=10 (got 11 from --replicas)');
    expect(run.stderr).toContain('  labels.1: Invalid input: expected string, received number (got 7 from --labels)');
    // The plain message too: stdout is only for what a successful step says.
    expect(run.stderr).toMatch(/^ {2}replicas: Too big/m);
    expect(run.stdout).toBe('');
  });

  it('shortens a long bad value between characters, never inside an emoji', async () => {
    // JSON.stringify adds a quote: the first emoji takes UTF-16 units 199 and 200 of the shown value.
    const value = `${'A'.repeat(198)}${'😀'.repeat(10)}`;
    const run = await runCli(catalog, [...restart, '--namespace', value, '--name', 'web']);
    expect(run.code).toBe(2);
    const message = String(run.result().message);
    expect(message).toContain(`(got "${'A'.repeat(198)}😀... from --namespace)`);
    expect(message).not.toMatch(/[\uD800-\uDFFF]/u); // with u, only a lone surrogate matches
    expect(run.stderr).not.toContain('\\ud83d');
  });

  it('rejects unknown flags and unknown --input-file fields by name', async () => {
    const flag = await runCli(catalog, [...restart, '--namespace', 'a', '--name', 'b', '--replica', '2']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--replica'");
    expect(flag.stderr).toContain('(Did you mean --replicas?)');

    const file = join(flag.outputDir, 'input.json');
    writeFileSync(file, JSON.stringify({ namespace: 'a', name: 'b', replica: 2, __proto__x: 1 }));
    const fromFile = await runCli(catalog, [...restart, '--input-file', file]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(`  replica: unknown field (got 2 from --input-file ${file})`);
    expect(ran).toEqual([]);
  });

  it('rejects an --input-file that is missing, not JSON or not an object, naming the file', async () => {
    const missing = await runCli(catalog, [...restart, '--input-file', '/nonexistent/input.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--input-file /nonexistent/input.json: cannot read it (ENOENT)');
    const file = join(missing.outputDir, 'input.json');
    writeFileSync(file, '[1,2]');
    const array = await runCli(catalog, [...restart, '--input-file', file]);
    expect(array.stderr).toContain(`--input-file ${file}: must hold a JSON object of inputs (got [1,2])`);
    writeFileSync(file, '{"namespace":');
    const broken = await runCli(catalog, [...restart, '--input-file', file]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`--input-file ${file}: not valid JSON`);
    for (const run of [missing, array, broken]) expect(run.stdout).toBe('');
  });

  it('exits 2 for an unknown system or step and for missing arguments', async () => {
    expect((await runCli(catalog, ['kubernetes', 'demo-restrat'])).code).toBe(2);
    expect((await runCli(catalog, ['openstack', 'node-power'])).code).toBe(2);
    expect((await runCli(catalog, ['kubernetes'])).code).toBe(2);
    expect((await runCli(catalog, [])).code).toBe(2);
    const missing = await runCli(catalog, [...restart, '--name']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("option '--name <string>' argument missing");
  });
});

describe('opsflow-step argv', () => {
  const base = [...restart, '--namespace', 'shop', '--name', 'web'];
  const ranWith = async (...flags: string[]) => {
    ran.length = 0;
    const run = await runCli(catalog, [...base, ...flags]);
    expect({ flags, code: run.code, stderr: run.stderr.includes('"level":"error"') ? run.stderr : '' }).toEqual({
      flags,
      code: 0,
      stderr: '',
    });
    return ran[0] as Record<string, unknown>;
  };

  it('takes --flag=value, the value whole after the first =, and "" from --flag=', async () => {
    expect(await ranWith('--note=a=b', '--replicas=2')).toMatchObject({ note: 'a=b', replicas: 2 });
    expect(await ranWith('--note=')).not.toHaveProperty('note');
  });

  it('lets the last of a repeated flag win, --wait against --no-wait too', async () => {
    expect(await ranWith('--name', 'other', '--replicas', '2', '--replicas', '3')).toMatchObject({
      name: 'other',
      replicas: 3,
    });
    expect(await ranWith('--wait', '--no-wait')).toMatchObject({ wait: false });
    expect(await ranWith('--no-wait', '--wait')).toMatchObject({ wait: true });
    expect(await ranWith('--no-wait', '--wait=false', '--wait')).toMatchObject({ wait: true });
  });

  it("takes a value starting with - for a flag that needs one, and no option as a boolean flag's value", async () => {
    expect(await ranWith('--note', '-x')).toMatchObject({ note: '-x' });
    expect(await ranWith('--note', '--wait')).toMatchObject({ note: '--wait', wait: true });
    const dry = await runCli(catalog, [...base, '--wait', '--dry-run']);
    expect(dry.result()).toMatchObject({ outcome: 'dry-run', dryRun: true });
    const negative = await runCli(catalog, [...base, '--replicas', '-1']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('  replicas: Too small: expected number to be >=0 (got -1 from --replicas)');
    const negativeBoolean = await runCli(catalog, [...base, '--wait', '-1']);
    expect(negativeBoolean.stderr).toContain('(got "-1" from --wait)');
  });

  it('ends the options at --, and refuses what follows it, as any argument, by count', async () => {
    expect(await ranWith('--')).toMatchObject({ name: 'web' });
    ran.length = 0;
    for (const args of [['--', '--x'], ['extra'], ['--no-wait', 'false']]) {
      const run = await runCli(catalog, [...base, ...args]);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({
        args,
        code: 2,
        stderr: "error: too many arguments for 'demo-restart'. Expected 0 arguments but got 1.\n",
      });
    }
    expect((await runCli(catalog, ['--', 'list'])).stdout).toMatch(/^kubernetes demo-read /);
    expect(ran).toEqual([]);
  });

  it('names an unknown option as given, with the closest known ones', async () => {
    const cases: [string, string][] = [
      ['--no-wait=true', "error: unknown option '--no-wait=true'\n"],
      ['--replica=2', "error: unknown option '--replica=2'\n(Did you mean --replicas?)\n"],
      ['--nome', "error: unknown option '--nome'\n(Did you mean one of --name, --note?)\n"],
      ['--dry-rn', "error: unknown option '--dry-rn'\n(Did you mean --dry-run?)\n"],
      ['--help=1', "error: unknown option '--help=1'\n(Did you mean --help?)\n"],
      ['-nx', "error: unknown option '-nx'\n"],
      ['-n', "error: unknown option '-n'\n"],
    ];
    for (const [flag, stderr] of cases) {
      const run = await runCli(catalog, [...base, flag]);
      expect({ flag, code: run.code, stderr: run.stderr }).toEqual({ flag, code: 2, stderr });
    }
    // A read-only step's --dry-run is hidden: never suggested.
    const read = await runCli(catalog, ['kubernetes', 'demo-read', '--dry-rn']);
    expect(read.stderr).toBe("error: unknown option '--dry-rn'\n");
    expect(ran).toEqual([]);
  });

  it('answers --help wherever it stands after the step, unless it is a value or a value was refused', async () => {
    for (const args of [
      ['--nope', '--help'],
      ['extra', '-h'],
      ['--wait', '--help'],
    ]) {
      const run = await runCli(catalog, [...restart, ...args]);
      expect({ args, code: run.code, usage: run.stdout.split('\n')[0] }).toEqual({
        args,
        code: 0,
        usage: 'Usage: opsflow-step kubernetes demo-restart [options]',
      });
    }
    const refused = await runCli(catalog, [...restart, '--dry-run=maybe', '--help']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      "error: option '--dry-run [bool]' argument 'maybe' is invalid. Allowed choices are true, false.\n",
    );
    expect(await ranWith('--note', '--help')).toMatchObject({ note: '--help' });
  });
});

describe('opsflow-step commands', () => {
  it('prints its help on stderr and exits 2 when no command is given, and on stdout for --help', async () => {
    const none = await runCli(catalog, []);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    const help = await runCli(catalog, ['--help']);
    expect(help.code).toBe(0);
    expect(none.stderr).toBe(help.stdout);
    expect(help.stdout).toBe(
      [
        'Usage: opsflow-step [options] [command]',
        '',
        'Run one opsflow workflow step: opsflow-step <system> <step> [--flags]',
        '',
        'Options:',
        '  -h, --help      display help for command',
        '',
        'Commands:',
        '  list [options]  List every step this binary runs',
        '  kubernetes      kubernetes steps',
        '',
      ].join('\n'),
    );
    expect((await runCli(catalog, ['-h', 'list'])).stdout).toBe(help.stdout);
  });

  it("prints a system's help, also for `<system> help`, and a step's for `<system> help <step>`", async () => {
    const bare = await runCli(catalog, ['kubernetes']);
    expect(bare.code).toBe(2);
    const help = await runCli(catalog, ['kubernetes', 'help']);
    expect(help.code).toBe(0);
    expect(bare.stderr).toBe(help.stdout);
    expect(help.stdout).toContain(
      [
        'Commands:',
        '  demo-read       Read a demo workload',
        '  demo-restart    Restart a demo workload',
        '  help [command]  display help for command',
      ].join('\n'),
    );
    expect((await runCli(catalog, ['kubernetes', '--help'])).stdout).toBe(help.stdout);
    const step = await runCli(catalog, ['kubernetes', 'help', 'demo-restart']);
    expect(step.stdout).toBe((await runCli(catalog, [...restart, '--help'])).stdout);
    expect(step.stdout).toContain('--namespace <string>');
  });

  it('names an unknown command with the closest known ones, and refuses what list does not take', async () => {
    const cases: [string[], string][] = [
      [['kubernetes', 'demo-restrat'], "error: unknown command 'demo-restrat'\n(Did you mean demo-restart?)\n"],
      [['kubernetes', 'help', 'demo-rea'], "error: unknown command 'demo-rea'\n(Did you mean demo-read?)\n"],
      [['kubernetz'], "error: unknown command 'kubernetz'\n(Did you mean kubernetes?)\n"],
      [['help'], "error: unknown command 'help'\n"],
      [['--nope', 'list'], "error: unknown option '--nope'\n"],
      [['kubernetes', '--nope'], "error: unknown option '--nope'\n"],
      [['list', '--jsn'], "error: unknown option '--jsn'\n(Did you mean --json?)\n"],
      [['list', 'x'], "error: too many arguments for 'list'. Expected 0 arguments but got 1.\n"],
    ];
    for (const [argv, stderr] of cases) {
      const run = await runCli(catalog, argv);
      expect({ argv, code: run.code, stderr: run.stderr }).toEqual({ argv, code: 2, stderr });
    }
  });

  it('lays out a help page as commander does: options in a column, descriptions wrapped beside it', async () => {
    expect((await runCli(catalog, ['list', '--help'])).stdout).toBe(
      [
        'Usage: opsflow-step list [options]',
        '',
        'List every step this binary runs',
        '',
        'Options:',
        '  --json      print each step with its input JSON schema',
        '  -h, --help  display help for command',
        '',
      ].join('\n'),
    );
    const help = (await runCli(catalog, [...restart, '--help'])).stdout.split('\n');
    expect(help.slice(0, 8)).toEqual([
      'Usage: opsflow-step kubernetes demo-restart [options]',
      '',
      'Restart a demo workload',
      '',
      'Options:',
      '  --namespace <string>  Namespace of the workload (required) [env',
      '                        OPSFLOW_NAMESPACE]',
      '  --name <string>       Name of the workload (required) [env OPSFLOW_NAME]',
    ]);
    expect(help).toContain('  -h, --help            display help for command');
    expect(help.every((line) => line.length <= 80 || !line.startsWith('  -'))).toBe(true);
    const read = await runCli(catalog, ['kubernetes', 'demo-read', '--help']);
    expect(read.stdout).not.toContain('--dry-run');
  });
});

describe('opsflow-step dry run', () => {
  it('passes --dry-run to a mutating step and records it in the result', async () => {
    const run = await runCli(catalog, [...restart, '--namespace', 'shop', '--name', 'web', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('would restart shop/web\n');
    expect(run.result()).toMatchObject({ outcome: 'dry-run', dryRun: true, target: 'Deployment shop/web' });
  });

  it('takes --dry-run=true|false as templates render it, and nothing else', async () => {
    const dry = await runCli(catalog, [...restart, '--namespace', 'shop', '--name', 'web', '--dry-run=true']);
    expect(dry.result()).toMatchObject({ outcome: 'dry-run', dryRun: true });
    const real = await runCli(catalog, [...restart, '--namespace', 'shop', '--name', 'web', '--dry-run=false']);
    expect(real.code).toBe(0);
    expect(real.result()).toMatchObject({ dryRun: false });
    expect(real.result().outcome).not.toBe('dry-run');
    const bad = await runCli(catalog, [...restart, '--namespace', 'shop', '--name', 'web', '--dry-run=maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'maybe' is invalid");
  });

  it('fails a step that reports a change during --dry-run (exit 1), and says nothing of success', async () => {
    const run = await runCli(catalog, [...restart, '--namespace', 'shop', '--name', 'careless', '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'unexpected error: Error: step kubernetes/demo-restart reported a change during --dry-run',
    );
    expect(run.result()).toMatchObject({ outcome: 'failed', dryRun: true });
  });

  it('refuses --dry-run on a read-only step', async () => {
    const run = await runCli(catalog, ['kubernetes', 'demo-read', '--name', 'web', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kubernetes/demo-read changes nothing, so it takes no --dry-run');
    expect(ran).toEqual([]);
  });
});

describe('opsflow-step results and exit codes', () => {
  const target = (name: string) => [...restart, '--namespace', 'shop', '--name', name];

  it('writes result.json and output files, and logs started and finished as JSON lines', async () => {
    const run = await runCli(catalog, target('web'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('restarted shop/web\n');
    expect(run.result()).toEqual({
      step: 'kubernetes/demo-restart',
      target: 'Deployment shop/web',
      outcome: 'changed',
      message: 'restarted shop/web',
      details: { replicas: 1 },
      durationMs: expect.any(Number),
      dryRun: false,
      exitCode: 0,
      outputDir: run.outputDir,
    });
    expect(run.logs.map((line) => line.event)).toEqual(['started', 'finished']);
    expect(run.logs[1]).toMatchObject({
      level: 'info',
      step: 'kubernetes/demo-restart',
      target: 'Deployment shop/web',
      outcome: 'changed',
      durationMs: expect.any(Number),
    });
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(readFileSync(join(run.outputDir, 'restartedAt'), 'utf8')).toBe('2026-01-01T00:00:00Z');
    expect(readFileSync(join(run.outputDir, 'events'), 'utf8')).toBe('restarted\n');
  });

  it('outside a pod, without OPSFLOW_OUTPUT_DIR, writes to a new private temp directory and logs where', async () => {
    const env = { OPSFLOW_OUTPUT_DIR: '' };
    const [first, second] = [
      await runCli(catalog, target('web'), { env }),
      await runCli(catalog, target('web'), { env }),
    ];
    const dirs = [first, second].map((run) => String(run.logs[0]?.outputDir));
    try {
      expect(first.logs[0]).toMatchObject({ event: 'started', outputDir: expect.stringMatching(/opsflow-outputs-/) });
      expect(dirname(dirs[0]!)).toBe(tmpdir());
      expect(dirs[1]).not.toBe(dirs[0]);
      expect(statSync(dirs[0]!).mode & 0o777).toBe(0o700);
      const result = JSON.parse(readFileSync(join(dirs[0]!, 'result.json'), 'utf8'));
      expect(result).toMatchObject({ outcome: 'changed', outputDir: dirs[0] });
      expect(readFileSync(join(dirs[0]!, 'restartedAt'), 'utf8')).toBe('2026-01-01T00:00:00Z');
    } finally {
      for (const dir of dirs) if (dir.includes('opsflow-outputs-')) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in a pod, without OPSFLOW_OUTPUT_DIR, uses the path the WorkflowTemplate reads outputs from', () => {
    expect(outputDirOf({ KUBERNETES_SERVICE_HOST: '10.0.0.1' })).toBe(OUTPUT_DIR);
    expect(outputDirOf({ KUBERNETES_SERVICE_HOST: '10.0.0.1', OPSFLOW_OUTPUT_DIR: '/work/out' })).toBe('/work/out');
  });

  it.each([
    ['missing', 3, 'Deployment shop/missing not found'],
    ['locked', 3, 'Deployment is paused'],
    ['flaky', 75, 'API server answered 503 three times'],
  ])('maps the step error of %s to exit %i', async (name, code, message) => {
    const run = await runCli(catalog, target(name));
    expect(run.code).toBe(code);
    expect(run.result()).toMatchObject({ outcome: 'failed', exitCode: code, message });
    expect(run.logs.at(-1)).toMatchObject({ level: 'error', event: 'failed', exitCode: code, error: message });
  });

  it('exits 1 on an unexpected error with one JSON line, no stack and no credentials', async () => {
    const run = await runCli(catalog, target('buggy'));
    expect(run.code).toBe(1);
    const failed = run.logs.at(-1);
    expect(failed).toMatchObject({ level: 'error', event: 'failed', exitCode: 1 });
    expect(String(failed?.error)).toMatch(/^unexpected error: TypeError: cannot read x of undefined/);
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(run.stderr).toContain('https://***@api.example.com');
  });

  it('never logs a secret the step read, nor one in a credential-named variable', async () => {
    const run = await runCli(catalog, target('leaky'), {
      env: { DEMO_TOKEN: 's3cr3t-"value"', AWS_SECRET_ACCESS_KEY: 'AKIAXXXXSECRET' },
    });
    expect(run.code).toBe(1);
    expect(run.logs.find((line) => line.event === 'calling')).toMatchObject({ header: 'Bearer ***' });
    expect(run.stderr + run.stdout + JSON.stringify(run.result())).not.toContain('s3cr3t');
  });

  it('never logs a secret the step read from a file (a *_FILE variable is not itself redacted)', async () => {
    const file = join(tmpdir(), `opsflow-secret-${process.pid}`);
    writeFileSync(file, 'file-s3cr3t\n');
    try {
      const run = await runCli(catalog, target('leaky'), { env: { DEMO_TOKEN_FILE: file } });
      expect(run.code).toBe(1);
      expect(run.logs.find((line) => line.event === 'calling')).toMatchObject({ header: 'Bearer ***' });
      expect(run.stderr).toContain('server rejected ***');
      expect(readFileSync(join(run.outputDir, 'restartedAt'), 'utf8')).toBe('{"note":"refused with ***"}');
      expect(run.stderr + run.stdout + JSON.stringify(run.result())).not.toContain('file-s3cr3t');
    } finally {
      rmSync(file);
    }
  });

  it('aborts the step on SIGTERM and exits 143', async () => {
    const controller = new AbortController();
    const pending = runCli(catalog, target('slow'), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('terminated by SIGTERM')), 20);
    const run = await pending;
    expect(run.code).toBe(143);
    expect(run.result()).toMatchObject({
      outcome: 'failed',
      interrupted: true,
      message: 'interrupted by SIGTERM: Error: terminated by SIGTERM',
    });
  });
});

describe('opsflow-step list and help', () => {
  it('lists every step with its input JSON schema, output parameters and file outputs', async () => {
    const run = await runCli(catalog, ['list', '--json']);
    expect(run.code).toBe(0);
    const steps = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(steps.map((step) => `${step.system}/${step.name}/${step.mutating}`)).toEqual([
      'kubernetes/demo-read/false',
      'kubernetes/demo-restart/true',
    ]);
    expect(steps[1]).toMatchObject({
      description: 'Restart a demo workload',
      outputs: { restartedAt: 'When it restarted' },
      files: { events: 'What it did, one line per event' },
      inputSchema: {
        type: 'object',
        required: ['namespace', 'name'],
        additionalProperties: false,
        properties: { replicas: { type: 'integer', default: 1, maximum: 10, description: 'Replicas to keep' } },
      },
    });
    expect(steps[0]).toMatchObject({ outputs: {}, files: {} });
  });

  it('prints a plain list without --json', async () => {
    const run = await runCli(catalog, ['list']);
    expect(run.stdout).toMatch(/^kubernetes demo-read +read-only {2}Read a demo workload$/m);
    expect(run.stdout).toMatch(/^kubernetes demo-restart +mutating {3}Restart a demo workload$/m);
  });

  it('shows each field with its description, default, choices and variable in --help', async () => {
    const run = await runCli(catalog, [...restart, '--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--namespace <string> Namespace of the workload (required) [env OPSFLOW_NAMESPACE]');
    expect(help).toContain('--replicas <number> Replicas to keep (default: 1) [env OPSFLOW_REPLICAS]');
    expect(help).toContain('--mode <string> How hard to restart (one of: soft, hard) (default: "soft")');
    expect(help).toContain('--no-wait');
    expect(help).toContain('--dry-run [bool] read the target and report what would change');
    expect(help).toContain('restartedAt When it restarted');
    expect(help).toContain('File outputs (under OPSFLOW_OUTPUT_DIR; Argo output artifacts): events What it did');
  });
});

describe('step definitions', () => {
  const named = (key: string) =>
    defineStep({
      system: 'aws',
      name: 'bad-step',
      description: 'x',
      input: z.strictObject({ [key]: z.string().describe('x') }),
      mutating: false,
      target: () => 'x',
      run: async () => ({ outcome: 'unchanged', message: 'x' }),
    });

  it.each(['password', 'apiToken', 'clientSecret', 'apiKey', 'dbPasswd', 'privateKey', 'credentials'])(
    'rejects the credential-looking input field %s when the step is defined',
    (key) => {
      expect(() => named(key)).toThrow(`step aws/bad-step: input field "${key}" looks like a credential`);
    },
  );

  it('rejects fields that clash with the runtime flags or are not camelCase', () => {
    expect(() => named('dryRun')).toThrow('input field "dryRun" is the runtime\'s own (--dry-run, OPSFLOW_DRY_RUN)');
    expect(() => named('outputDir')).toThrow('input field "outputDir" is the runtime\'s own');
    expect(() => named('snake_case')).toThrow('input field "snake_case" must be camelCase');
    expect(() => named('noWait')).toThrow('input field "noWait" must be named positively');
  });

  it('rejects a name declared both as an output parameter and as a file output', () => {
    expect(() =>
      defineStep({
        system: 'aws',
        name: 'bad-step',
        description: 'x',
        input: z.strictObject({}),
        mutating: false,
        outputs: { report: 'x' },
        files: { report: 'x' },
        target: () => 'x',
        run: async () => ({ outcome: 'unchanged', message: 'x' }),
      }),
    ).toThrow('step aws/bad-step: "report" is declared both as an output parameter and as a file output');
  });

  it('rejects two steps with one name', () => {
    expect(() => catalogFromSteps([demoRead, demoRead])).toThrow('step kubernetes/demo-read is defined twice');
  });
});
