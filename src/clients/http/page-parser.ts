import type { MessagePort } from 'node:worker_threads';
import { InvalidJsonBody } from './client.js';
import { projectPage } from './projection.js';

/** Parses listing pages off the calling thread: their bytes in, the values of a projection out. */
export interface PageParser {
  /** The page in `body` (JSON, UTF-8; the buffer is handed over) with its list `key` projected onto `paths`. */
  parse(body: ArrayBuffer, paths: readonly string[], key: string): Promise<unknown>;
  /** Ends the worker; pages still being parsed are refused. */
  close(): Promise<void>;
}

interface Reply {
  readonly id: number;
  readonly data?: unknown;
  /** The parser's message for a body that is not JSON, and the start of the body. */
  readonly invalid?: string;
  readonly excerpt?: string;
}

/** The worker's loop, run from its source text: no imports or outer names (`project` is `projectPage`). */
function parsePages(port: MessagePort, project: typeof projectPage): void {
  const decoder = new TextDecoder();
  port.on('message', ({ id, body, paths, key }: { id: number; body: ArrayBuffer; paths: string[]; key: string }) => {
    let text: string | undefined;
    try {
      text = decoder.decode(body);
      port.postMessage({ id, data: project(JSON.parse(text), paths, key) });
    } catch (error) {
      port.postMessage({ id, invalid: String((error as Error).message), excerpt: text?.slice(0, 2000) ?? '' });
    }
  });
}

/**
 * A worker thread that decodes and parses listing pages and keeps only a projection's values: a resync's pages (50 MB
 * of JSON at 20,000 nodes, 40 of them Nautobot's) are parsed on another core while this thread reads the next ones.
 * The worker runs the source text of `parsePages` (an `eval` worker: the same in the TypeScript sources and in a
 * one-file bundle). It keeps the process alive only while a page is being parsed; a worker that failed fails every
 * page then and after (a network-like failure of that request).
 */
export async function startPageParser(): Promise<PageParser> {
  // Imported here: a bundle hoists static imports of built-ins to start-up (every step's), and only a resync needs it.
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(`(${parsePages})(require('node:worker_threads').parentPort, ${projectPage});`, {
    eval: true,
  });
  worker.unref();
  const waiting = new Map<number, { resolve: (data: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let ended: Error | undefined;
  const fail = (error: Error) => {
    ended ??= error;
    for (const { reject } of waiting.values()) reject(ended);
    waiting.clear();
  };
  worker.on('message', ({ id, data, invalid, excerpt }: Reply) => {
    const job = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    if (invalid === undefined) job?.resolve(data);
    else job?.reject(new InvalidJsonBody(invalid, excerpt ?? ''));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the page parser's worker ended (exit ${code})`)));
  return {
    parse(body, paths, key) {
      if (ended) return Promise.reject(ended);
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, body, paths, key }, [body]);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
