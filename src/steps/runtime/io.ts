import { writeFully } from '../../common/write-fully.js';

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
    // Not process.stdout/stderr: see writeFully (a pod's stdio is a pipe, whose stream costs milliseconds to build).
    stdout: (text) => writeFully(1, text),
    stderr: (text) => writeFully(2, text),
    env: process.env,
    exit: (code) => process.exit(code),
    signal: controller.signal,
  };
}
