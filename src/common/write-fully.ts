import { writeSync } from 'node:fs';

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to file descriptor `fd` before it returns, with `fs.writeSync`: nothing is loaded (node's
 * `process.stdout`/`process.stderr` build a stream on first use, for a pipe a net.Socket with the stream and net
 * modules), and `process.exit` right after loses nothing. A pipe made non-blocking (libuv does so when anything in the
 * process builds a stream on it) refuses a write to a full pipe with EAGAIN on Node 20 (Node 24 waits by itself):
 * the write waits a millisecond for the reader and goes on where it stopped, as pino's sonic-boom does.
 */
export function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(fd, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}
