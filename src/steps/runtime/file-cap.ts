import { open, stat, writeFile } from 'node:fs/promises';
import { PreconditionError } from './errors.js';

/**
 * Set by the templates of a site without an artifact repository: each of a step's `cappedFiles` is cut to its last
 * this many bytes, so that Argo can keep it as an output parameter in the Workflow status.
 */
export const FILE_OUTPUT_MAX_BYTES = 'OPSFLOW_FILE_OUTPUT_MAX_BYTES';

/** A line start this close to the cut is preferred to a mid-line start. */
const LINE_SEARCH_BYTES = 4096;

/** The cap from the environment, or undefined when the files go to an artifact repository (or a laptop). */
export function fileOutputCap(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[FILE_OUTPUT_MAX_BYTES];
  if (raw === undefined || raw === '') return undefined;
  const bytes = Number(raw);
  // Room for the note that says what was cut, and some content.
  if (!/^\d+$/.test(raw) || bytes < 1024) {
    throw new PreconditionError(
      `${FILE_OUTPUT_MAX_BYTES} must be a whole number of bytes of at least 1024 (got ${JSON.stringify(raw)})`,
    );
  }
  return bytes;
}

/**
 * Cuts the file at `path` to at most `maxBytes`: a one-line note of what was cut, then the end of the file from a
 * line start near the cut (else from a character start: a UTF-8 character is never split). A missing file (dry
 * run, failure before writing) is left missing. Returns the file's size and the bytes of it kept.
 */
export async function capToTail(path: string, maxBytes: number): Promise<{ size: number; kept: number } | undefined> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (size <= maxBytes) return { size, kept: size };
  const note = (cut: number) =>
    `[opsflow: the first ${cut} of ${size} bytes are cut: the site has no artifact repository, so at most ${maxBytes} bytes are kept]\n`;
  // The note with `size` bytes cut is at least as long as the real one.
  const room = maxBytes - Buffer.byteLength(note(size));
  const tail = Buffer.alloc(room);
  const handle = await open(path, 'r');
  try {
    await handle.read(tail, 0, room, size - room);
  } finally {
    await handle.close();
  }
  const newline = tail.subarray(0, LINE_SEARCH_BYTES).indexOf(0x0a);
  let start = newline >= 0 && newline + 1 < tail.length ? newline + 1 : 0;
  if (start === 0) while (start < tail.length && (tail[start]! & 0xc0) === 0x80) start++;
  const kept = tail.subarray(start);
  await writeFile(path, Buffer.concat([Buffer.from(note(size - kept.length)), kept]));
  return { size, kept: kept.length };
}
