import type { TLSSocket } from 'node:tls';

/**
 * A minimal Redis client: one TLS connection, one command at a time, the RESP2 replies of the commands it sends
 * (simple strings, errors, integers, bulk strings). The steps send a handful of commands (AUTH, INFO, FLUSHALL), so
 * this is a small file instead of a client library with cluster, pub/sub, pipelining and scripting support
 * (https://redis.io/docs/latest/develop/reference/protocol-spec/).
 */

/** The replies the steps meet: simple and bulk strings, integers, the null bulk string (no arrays). */
export type RespValue = string | number | null;

/** An error reply (`-WRONGPASS invalid username-password pair`); `code` is its first word. */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
  readonly code: string;
  constructor(message: string) {
    super(message);
    this.code = message.split(' ', 1)[0] ?? '';
  }
}

/** The connection failed, closed or timed out; `code` is the socket's (ECONNREFUSED, a TLS code...) or `ETIMEDOUT`. */
export class RedisConnectionError extends Error {
  override readonly name = 'RedisConnectionError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface RedisTlsOptions {
  readonly host: string;
  readonly port: number;
  /** PEM certificates trusted besides Node's own CAs (a private CA); undefined keeps the defaults. */
  readonly ca?: string;
  /** Connect and per-command timeout. @default 30000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export class RedisConnection {
  private buffer = Buffer.alloc(0);
  private pending?: { resolve: (value: RespValue) => void; reject: (error: Error) => void };
  private failure?: Error;

  private constructor(
    private readonly socket: TLSSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.fail(
        error.name === 'AbortError'
          ? error
          : new RedisConnectionError(`connection failed: ${error.message}`, error.code, { cause: error }),
      ),
    );
    socket.on('close', () => this.fail(new RedisConnectionError('connection closed by the server', 'ECONNRESET')));
  }

  /** Opens a TLS connection and verifies the server certificate against the host name (or IP address). */
  static connect(options: RedisTlsOptions): Promise<RedisConnection> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    // node:tls loads here, on the first connection: the steps of the aws family that never reach Redis (and every
    // step's input validation) do not pay for it.
    const { rootCertificates, connect: tlsConnect } = process.getBuiltinModule('node:tls');
    const { isIP } = process.getBuiltinModule('node:net');
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({
        host: options.host,
        port: options.port,
        // SNI takes host names only; an IP address is still checked against the certificate's IP SANs.
        ...(isIP(options.host) ? {} : { servername: options.host }),
        // A `ca` replaces Node's list, so the private CA is added to it rather than given alone.
        ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
      });
      RedisConnection.abortWith(socket, options.signal);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RedisConnectionError(`no TLS connection within ${timeoutMs} ms`, 'ETIMEDOUT'));
      }, timeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(new RedisConnection(socket, timeoutMs));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          options.signal?.aborted
            ? error
            : new RedisConnectionError(`connection failed: ${error.message}`, error.code, { cause: error }),
        );
      });
    });
  }

  /** SIGTERM: the socket closes at once and whatever waits on it fails with the signal's reason. */
  private static abortWith(socket: TLSSocket, signal: AbortSignal | undefined): void {
    if (!signal) return;
    const abort = () => socket.destroy(signal.reason as Error);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    socket.once('close', () => signal.removeEventListener('abort', abort));
  }

  /** Sends one command and resolves with its reply; an error reply rejects with RedisReplyError. */
  command(...args: readonly string[]): Promise<RespValue> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('RedisConnection sends one command at a time'));
    const frame = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new RedisConnectionError(`no answer to ${args[0]} within ${this.timeoutMs} ms`, 'ETIMEDOUT'));
      }, this.timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.pending = undefined;
      };
      this.pending = {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      this.socket.write(frame);
    });
  }

  close(): void {
    this.failure ??= new RedisConnectionError('connection closed', undefined);
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(this.failure);
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    let parsed: Parsed | undefined;
    try {
      parsed = parseReply(this.buffer, 0);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (!parsed) return; // an incomplete reply: wait for more bytes
    this.buffer = this.buffer.subarray(parsed.end);
    if (parsed.value instanceof RedisReplyError) this.pending?.reject(parsed.value);
    else this.pending?.resolve(parsed.value);
  }
}

interface Parsed {
  readonly value: RespValue | RedisReplyError;
  readonly end: number;
}

/** One RESP2 reply from `offset`, or undefined when the buffer does not hold all of it yet (arrays: a protocol error). */
function parseReply(buffer: Buffer, offset: number): Parsed | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (String.fromCharCode(buffer[offset] ?? 0)) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RedisReplyError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    default:
      throw new RedisConnectionError(`not a RESP reply: ${JSON.stringify(line.slice(0, 40))}`, 'EPROTO');
  }
}

/** `INFO <section>` as a map of its `field:value` lines. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Keys per database from `INFO keyspace` (`db0:keys=3,expires=0,avg_ttl=0`); databases without keys are absent. */
export function keysPerDatabase(keyspace: string): Record<string, number> {
  const keys: Record<string, number> = {};
  for (const [db, value] of parseInfo(keyspace)) {
    const count = /(?:^|,)keys=(\d+)/.exec(value);
    if (/^db\d+$/.test(db) && count) keys[db] = Number(count[1]);
  }
  return keys;
}
