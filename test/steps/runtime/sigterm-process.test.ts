import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Reply, type ScriptedServer, startScriptedServer } from '../../fakes/scripted-server.js';

// A real `opsflow-step` process (bin/opsflow-step.mjs) receiving SIGTERM, as Argo stops a pod, while its request
// hangs or is being retried: it stops within a few seconds with exit 143 and result.json, well inside the 30 s
// grace period.
const launcher = join(process.cwd(), 'bin', 'opsflow-step.mjs');
let server: ScriptedServer | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await server?.close();
});

async function silenceCreateStoppedWhile(
  reply: Reply,
): Promise<{ code: number | null; ms: number; result: Record<string, unknown> }> {
  server = await startScriptedServer(() => reply);
  const out = mkdtempSync(join(tmpdir(), 'opsflow-sigterm-'));
  child = spawn(
    process.execPath,
    [launcher, 'alertmanager', 'silence-create', '--matchers', '["alertname=\\"Disk\\""]', '--duration', '1h'].concat([
      '--comment',
      'maintenance',
      '--key',
      'maintenance/cmp1',
    ]),
    {
      env: { PATH: process.env.PATH ?? '', OPSFLOW_OUTPUT_DIR: out, ALERTMANAGER_URL: server.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
  child.stderr?.resume();
  for (let waited = 0; server.requests.length === 0; waited += 50) {
    if (waited > 20_000 || child.exitCode !== null) throw new Error(`no request came (exit ${child.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const signalled = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  return { code, ms: Date.now() - signalled, result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) };
}

describe('SIGTERM to a step process', () => {
  it('ends a request that hangs: exit 143 within a few seconds, result.json saying it was interrupted', async () => {
    const { code, ms, result } = await silenceCreateStoppedWhile({ hangMs: 60_000 });
    expect(code).toBe(143);
    expect(ms).toBeLessThan(3000);
    expect(result).toMatchObject({ step: 'alertmanager/silence-create', exitCode: 143, interrupted: true });
    expect(result.message).toBe('interrupted by SIGTERM: Error: terminated by SIGTERM');
  }, 30_000);

  it('ends the retries of a failing request: no attempt after SIGTERM', async () => {
    const { code, ms, result } = await silenceCreateStoppedWhile({ status: 503, headers: { 'retry-after': '2' } });
    const attempts = server?.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(server?.requests.length).toBe(attempts);
    expect(code).toBe(143);
    expect(ms).toBeLessThan(3000);
    expect(result).toMatchObject({ exitCode: 143, interrupted: true });
  }, 30_000);
});
