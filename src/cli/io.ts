import { fstatSync, statSync } from 'node:fs';
import type { RetryPolicy } from '../clients/http/index.js';
import { writeFully } from '../common/write-fully.js';

export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
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
    stdout: fdOutput(1, () => process.stdout),
    stderr: fdOutput(2, () => process.stderr),
    env: process.env,
    now: () => Date.now(),
    exitCode: 0,
  };
}

/**
 * Output to `fd`. A terminal gets node's own stream (for its width and whether it is one, node loads tty, net and the
 * streams: some 4 ms of a `--help`); a pipe, a file or /dev/null gets writeFully, as node's stream writes them on
 * Linux anyway (synchronously), without loading anything.
 */
function fdOutput(fd: number, stream: () => Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>): CliOutput {
  if (mayBeTerminal(fd)) {
    return {
      write: (text) => stream().write(text),
      get isTTY() {
        return stream().isTTY;
      },
      get columns() {
        return stream().columns;
      },
    };
  }
  return { write: (text) => writeFully(fd, text), isTTY: false };
}

/** A character device other than /dev/null: a terminal, as far as an fstat can tell. */
function mayBeTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync('/dev/null').rdev;
  } catch {
    return true; // let node's stream decide
  }
}
