import { createWriteStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { execInContainer } from '../../../clients/kubernetes/exec.js';
import { objectPath, type Pod } from '../../../clients/kubernetes/resources.js';
import { PreconditionError, TransientError } from '../../runtime/errors.js';
import type { StepContext, StepResult } from '../../runtime/step.js';
import type { JavaHeapDumpInput } from '../inputs/java-heap-dump.js';
import { connectCluster } from './cluster.js';

export async function run(input: JavaHeapDumpInput, ctx: StepContext): Promise<StepResult> {
  const client = await connectCluster(input.cluster, ctx);
  const label = `Pod ${input.namespace}/${input.pod}`;
  const pod = await client.get<Pod>(`read ${label}`, objectPath('Pod', input.namespace, input.pod));
  const names = pod.spec.containers.map((c) => c.name);
  const container = input.container ?? names[0];
  if (!container || !names.includes(container)) {
    throw new PreconditionError(
      `${label} has no container ${JSON.stringify(container)}; containers: ${names.join(', ')}`,
    );
  }
  const run = (command: string[], stdout?: Writable) =>
    execInContainer(client, {
      namespace: input.namespace,
      pod: input.pod,
      container,
      command,
      stdout,
      signal: ctx.signal,
    });

  const pid = input.pid ?? (await findJvm(run, `${label}/${container}`));
  const path = `${input.directory.replace(/\/+$/, '')}/opsflow-heapdump-${pid}-${Date.now()}.hprof`;
  const command = ['jcmd', String(pid), 'GC.heap_dump', path];
  if (ctx.dryRun) {
    return {
      outcome: 'dry-run',
      message: `would run \`${command.join(' ')}\` in ${label}/${container} on ${input.cluster} and copy the dump out`,
      details: { pid, container, path },
    };
  }

  ctx.log.info('heap-dump-start', { pid, container, path });
  // From here on the file may exist: an exec whose answer is lost (exit 75) may have written it, and a heap-sized
  // file left in the container could fill its disk; the run again makes a new dump under a new name.
  try {
    const dumped = await run(command);
    // jcmd exits 0 even when the diagnostic command failed (e.g. the file exists, no space): read what it said.
    const created = /Heap dump file created(?: \[(\d+) bytes)?/.exec(dumped.stdout);
    if (dumped.exitCode !== 0 || !created) {
      throw new PreconditionError(
        `jcmd ${pid} GC.heap_dump in ${label}/${container} failed (exit ${dumped.exitCode}): ${(dumped.stdout + dumped.stderr).trim()}`,
      );
    }
    const file = ctx.outputPath('heapdump');
    const copied = await run(['cat', path], createWriteStream(file));
    if (copied.exitCode !== 0) {
      throw new TransientError(
        `copying ${path} out of ${label}/${container} failed (exit ${copied.exitCode}): ${copied.stderr.trim()}`,
      );
    }
    const size = statSync(file).size;
    const reported = created[1] === undefined ? undefined : Number(created[1]);
    if (reported !== undefined && reported !== size) {
      throw new TransientError(
        `copy of ${path} out of ${label}/${container} is truncated: ${size} of ${reported} bytes`,
      );
    }
    await ctx.output('sizeBytes', String(size));
    return {
      outcome: 'changed',
      message: `heap dump of JVM ${pid} in ${label}/${container} on ${input.cluster}: ${size} bytes`,
      details: { pid, container, sizeBytes: size },
    };
  } finally {
    const removed = await run(['rm', '-f', path]).catch((error: Error) => ({ exitCode: -1, stderr: error.message }));
    if (removed.exitCode !== 0) ctx.log.warn('heap-dump-not-removed', { path, stderr: removed.stderr });
  }
}

type Run = (command: string[]) => ReturnType<typeof execInContainer>;

/** The one JVM `jcmd -l` lists besides jcmd itself; several or none need an explicit pid. */
async function findJvm(run: Run, where: string): Promise<number> {
  const listed = await run(['jcmd', '-l']);
  if (listed.exitCode !== 0) {
    throw new PreconditionError(`jcmd -l in ${where} failed (exit ${listed.exitCode}): ${listed.stderr.trim()}`);
  }
  const jvms = listed.stdout
    .split('\n')
    .map((line) => /^(\d+)\s+(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null && !/sun\.tools\.jcmd\.JCmd/.test(match[2] ?? ''));
  if (jvms.length !== 1) {
    const found = jvms.map((m) => `${m[1]} ${m[2]}`).join('; ') || 'none';
    throw new PreconditionError(`expected exactly one JVM in ${where}, found ${found}: give the pid`);
  }
  return Number(jvms[0]![1]);
}
