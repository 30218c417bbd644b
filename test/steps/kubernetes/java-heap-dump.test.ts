import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { javaHeapDump } from '../../../src/steps/kubernetes/java-heap-dump.js';
import type { ExecOutcome } from '../../fakes/kubernetes/server.js';
import { Harness, pod } from './harness.js';

jest.setTimeout(20_000);

/** A container with a JVM (pid 1), jcmd, cat and rm, and a file system the commands act on. */
class JvmContainer {
  readonly files = new Map<string, Buffer>();
  readonly commands: string[][] = [];
  jvms = ['1 /opt/app/app.jar --server.port=8080'];
  dumpSize = 300_000;
  /** The next heap dump is written, then the exec connection drops (its answer lost). */
  loseDumpAnswer = false;

  run = (command: string[]): ExecOutcome => {
    this.commands.push(command);
    const [program, ...args] = command;
    if (program === 'jcmd' && args[0] === '-l') {
      return { stdout: `${[...this.jvms, '4242 jdk.jcmd/sun.tools.jcmd.JCmd -l'].join('\n')}\n` };
    }
    if (program === 'jcmd' && args[1] === 'GC.heap_dump') {
      const path = args[2]!;
      if (this.files.has(path)) return { stdout: `${args[0]}:\nFile exists\n` };
      this.files.set(path, randomBytes(this.dumpSize));
      if (this.loseDumpAnswer) {
        this.loseDumpAnswer = false;
        return { lost: true };
      }
      return { stdout: `${args[0]}:\nHeap dump file created [${this.dumpSize} bytes in 0.210 secs]\n` };
    }
    if (program === 'cat') {
      const file = this.files.get(args[0]!);
      return file ? { stdout: file } : { stderr: `cat: ${args[0]}: No such file or directory\n`, exitCode: 1 };
    }
    if (program === 'rm') {
      this.files.delete(args[1]!);
      return {};
    }
    return { failure: `exec: "${program}": executable file not found in $PATH: unknown` };
  };
}

const h = new Harness();
let jvm: JvmContainer;
beforeAll(async () => {
  await h.start();
  h.fake.add(pod('api-0', { namespace: 'shop', containers: ['app', 'sidecar'] }));
});
afterAll(() => h.stop());
beforeEach(() => {
  h.fake.requests.length = 0;
  jvm = new JvmContainer();
  h.fake.exec = jvm.run;
});

test('finds the JVM, dumps its heap, copies the dump out over exec and removes it from the container', async () => {
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });

  expect(run.error).toBeUndefined();
  const [dumpCommand, catCommand] = jvm.commands.slice(1);
  const path = dumpCommand?.[3] ?? '';
  expect(path).toMatch(/^\/tmp\/opsflow-heapdump-1-\d+\.hprof$/);
  expect(jvm.commands).toEqual([
    ['jcmd', '-l'],
    ['jcmd', '1', 'GC.heap_dump', path],
    ['cat', path],
    ['rm', '-f', path],
  ]);
  expect(catCommand).toEqual(['cat', path]);
  expect(jvm.files.size).toBe(0);
  const copied = readFileSync(join(run.outputDir, 'heapdump'));
  expect(copied.length).toBe(300_000);
  expect(readFileSync(join(run.outputDir, 'sizeBytes'), 'utf8')).toBe('300000');
  expect(run.result).toMatchObject({ outcome: 'changed', details: { pid: 1, container: 'app', sizeBytes: 300_000 } });

  // The exec requests as client-node sends them: the command repeated, the container, stdout and stderr only.
  const execs = h.fake.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods/api-0/exec');
  expect(execs).toHaveLength(4);
  expect(execs[0]).toMatchObject({
    method: 'GET',
    query: { command: ['jcmd', '-l'], container: 'app', stdout: 'true', stderr: 'true', stdin: 'false', tty: 'false' },
    authorization: `Bearer ${h.fake.token}`,
  });
});

test('a given pid and container skip the lookup', async () => {
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0', container: 'sidecar', pid: 77 });
  expect(run.error).toBeUndefined();
  expect(jvm.commands[0]?.slice(0, 3)).toEqual(['jcmd', '77', 'GC.heap_dump']);
  expect(h.fake.requests.filter((r) => r.path.endsWith('/exec')).map((r) => r.query.container)).toEqual([
    'sidecar',
    'sidecar',
    'sidecar',
  ]);
});

test('dry-run finds the JVM and says what it would run, without dumping', async () => {
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' }, { dryRun: true });
  expect(run.result?.outcome).toBe('dry-run');
  expect(run.result?.message).toMatch(
    /^would run `jcmd 1 GC.heap_dump \/tmp\/opsflow-heapdump-1-\d+\.hprof` in Pod shop\/api-0\/app/,
  );
  expect(jvm.commands).toEqual([['jcmd', '-l']]);
});

test('several JVMs need an explicit pid (exit 3 listing them)', async () => {
  jvm.jvms = ['1 /opt/app/app.jar', '55 org.example.Worker'];
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toBe(
    'expected exactly one JVM in Pod shop/api-0/app, found 1 /opt/app/app.jar; 55 org.example.Worker: give the pid',
  );
});

test('jcmd reporting a failure with exit 0 is still a failure: nothing is copied, a partial dump is removed', async () => {
  const container = jvm.run;
  h.fake.exec = (command) =>
    command[2] === 'GC.heap_dump' ? { stdout: '1:\nDump failed: No space left on device\n' } : container(command);
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0', pid: 1 });
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toBe(
    'jcmd 1 GC.heap_dump in Pod shop/api-0/app failed (exit 0): 1:\nDump failed: No space left on device',
  );
  expect(jvm.commands.map((c) => c.slice(0, 2))).toEqual([['rm', '-f']]);
});

test('a copy shorter than the dump jcmd reported is exit 75, and the dump is still removed', async () => {
  const container = jvm.run;
  h.fake.exec = (command) => (command[0] === 'cat' ? { stdout: Buffer.alloc(1000) } : container(command));
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
  expect(run.error?.message).toMatch(/is truncated: 1000 of 300000 bytes$/);
  expect(jvm.commands.map((c) => c[0])).toEqual(['jcmd', 'jcmd', 'rm']);
  expect(jvm.files.size).toBe(0);
});

test('a container without jcmd is exit 3 with the runtime message', async () => {
  h.fake.exec = () => ({ failure: 'exec: "jcmd": executable file not found in $PATH: unknown' });
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(run.error).toMatchObject({ name: 'PreconditionError', exitCode: 3 });
  expect(run.error?.message).toContain('executable file not found');
});

test('a missing pod is exit 3; a container the pod lacks is exit 3 naming its containers', async () => {
  const missing = await h.run(javaHeapDump, { namespace: 'shop', pod: 'gone' });
  expect(missing.error).toMatchObject({ name: 'NotFoundError', exitCode: 3 });
  const wrong = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0', container: 'db' });
  expect(wrong.error?.message).toBe('Pod shop/api-0 has no container "db"; containers: app, sidecar');
});

test('an exec upgrade refused with 503 is exit 75', async () => {
  h.fake.fail('GET', '/api/v1/namespaces/shop/pods/api-0/exec', { status: 503 });
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
  expect(run.error?.message).toContain('Unexpected server response: 503');
});

test('a reset exec connection is exit 75', async () => {
  h.fake.fail('GET', '/api/v1/namespaces/shop/pods/api-0/exec', { reset: true });
  const run = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(run.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
});

test('dumped, answer lost, retried: exit 75 and the dump is removed from the container; the run again dumps once more', async () => {
  jvm.loseDumpAnswer = true;
  const first = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(first.error).toMatchObject({ name: 'TransientError', exitCode: 75 });
  // The heap-sized file jcmd wrote is not left behind to fill the container's disk.
  expect(jvm.files.size).toBe(0);
  expect(jvm.commands.at(-1)?.slice(0, 2)).toEqual(['rm', '-f']);

  const again = await h.run(javaHeapDump, { namespace: 'shop', pod: 'api-0' });
  expect(again.result?.outcome).toBe('changed');
  expect(readFileSync(join(again.outputDir, 'heapdump')).length).toBe(jvm.dumpSize);
  expect(jvm.files.size).toBe(0);
  expect(jvm.commands.filter((c) => c[2] === 'GC.heap_dump')).toHaveLength(2);
});
