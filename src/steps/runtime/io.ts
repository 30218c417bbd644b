import { writeSync } from 'node:fs';

/** Everything the runtime touches outside itself, so tests run it in-process. */
export interface RuntimeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called once, with the process exit code. */
  readonly exit: (code: number) => void;
  /** Aborted when the process gets SIGTERM (Argo stopping the pod). */
  readonly signal: AbortSignal;
}

/**
 * Writes to file descriptor 1 or 2 with `fs.writeSync` rather than through `process.stdout`/`process.stderr`: the
 * first touch of either getter builds a stream (for a pipe, as a pod's stdio is, a net.Socket with the stream and
 * net modules: about 5 ms of every step start on Node 24); a write call loads nothing and is done when it returns, so
 * `process.exit` right after it loses nothing. A pipe made non-blocking (libuv does so when anything in the process
 * builds a stream on it) refuses a write to a full pipe with EAGAIN: the write waits a millisecond for the reader
 * and goes on where it stopped, as pino's sonic-boom does.
 */
function descriptorWriter(fd: 1 | 2): (text: string) => void {
  return (text) => {
    const bytes = Buffer.from(text);
    for (let written = 0; written < bytes.length; ) {
      try {
        written += writeSync(fd, bytes, written);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(PAUSE, 0, 0, 1);
      }
    }
  };
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** The real process: stdio, `process.env`, SIGTERM, `process.exit`. */
export function processIo(): RuntimeIo {
  const controller = new AbortController();
  process.once('SIGTERM', () => {
    controller.abort(new Error('terminated by SIGTERM'));
    // Every request and wait ends on the signal at once; should anything not, exit well inside the grace period
    // rather than be killed without a result. Argo stopping a step writes SIGTERM to the emissary's signal file and
    // SIGKILLs after the pod's terminationGracePeriodSeconds, 30 s by default (argo-workflows v4.1.2:
    // workflow/executor/emissary/emissary.go Kill, cmd/argoexec/executor/init.go TerminationGracePeriodDuration).
    setTimeout(() => process.exit(143), 10_000).unref();
  });
  return {
    stdout: descriptorWriter(1),
    stderr: descriptorWriter(2),
    env: process.env,
    exit: (code) => process.exit(code),
    signal: controller.signal,
  };
}
