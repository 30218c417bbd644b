import type { RetryPolicy } from '../clients/http/index.js';

export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** @default the HTTP core's policy */
  readonly retry?: Partial<RetryPolicy>;
  /** Milliseconds, for elapsed times. */
  now(): number;
  /** The exit code the one error handler chose; 0 until then. */
  exitCode: number;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => Date.now(),
    exitCode: 0,
  };
}
