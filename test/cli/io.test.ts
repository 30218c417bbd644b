import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fdOutput } from '../../src/cli/io.js';

describe('fdOutput, the process output of the CLI', () => {
  it('writes a pipe with fs.writeSync and, when a non-blocking pipe is full, hands the rest to the stream in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsflow-io-'));
    const fifo = join(dir, 'out');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      const queued: string[] = [];
      const output = fdOutput(writer, () => ({
        write: (chunk: string | Uint8Array) => queued.push(Buffer.from(chunk).toString()) > 0,
        isTTY: false,
        columns: 0,
      }));
      expect(output.isTTY).toBe(false);
      output.write('first line\n');
      // More than a pipe holds (64 KiB on Linux) while nobody reads.
      const big = `${'x'.repeat(200_000)}\n`;
      output.write(big);
      output.write('last line\n');
      const piped = Buffer.alloc(300_000);
      const length = readSync(reader, piped);
      expect(length).toBeGreaterThan(0);
      expect(length).toBeLessThan(big.length);
      expect(piped.subarray(0, length).toString() + queued.join('')).toBe(`first line\n${big}last line\n`);
      expect(queued.at(-1)).toBe('last line\n');
    } finally {
      closeSync(writer);
      closeSync(reader);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
