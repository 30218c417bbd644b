import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { NotFoundError, PreconditionError, type StepError, TransientError } from '../../steps/runtime/errors.js';
import type { KubernetesClient } from './client.js';

export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly command: readonly string[];
  /** Receives the command's stdout as it streams (e.g. a file); collected into `stdout` of the result when absent. */
  readonly stdout?: Writable;
  readonly signal?: AbortSignal;
}

export interface ExecResult {
  readonly exitCode: number;
  /** stdout when no stream was given, else empty. */
  readonly stdout: string;
  readonly stderr: string;
}

/** The part of the `ws` socket client-node hands back that we use (the package ships no types here). */
interface Socket {
  readonly readyState: number;
  close(): void;
  once(event: 'close', listener: () => void): void;
}
const CLOSED = 3;

/**
 * Runs a command in a container over the exec subprotocol (WebSocket, channel.k8s.io framing) with client-node's
 * Exec, and returns its exit code from the status channel. A non-zero exit is a result, not an error; an exec the
 * API server refuses (no such pod or container, forbidden) is a step error.
 */
export async function execInContainer(client: KubernetesClient, request: ExecRequest): Promise<ExecResult> {
  const what = `exec ${request.command[0]} in ${request.namespace}/${request.pod}/${request.container} on ${client.cluster}`;
  const captured = request.stdout ? undefined : new PassThrough();
  const stdout = request.stdout ?? (captured as PassThrough);
  const stderr = new PassThrough();
  const collected = { stdout: collect(captured), stderr: collect(stderr) };
  let status: V1Status | undefined;

  let socket: Socket;
  try {
    socket = (await new Exec(client.kubeConfig).exec(
      request.namespace,
      request.pod,
      request.container,
      [...request.command],
      stdout,
      stderr,
      null,
      false,
      (received) => {
        status = received;
      },
    )) as unknown as Socket;
  } catch (error) {
    // Nothing ran: close the streams (a file the caller opened included).
    for (const stream of [stdout, stderr]) stream.end();
    throw handshakeError(error, what);
  }

  const abort = (): void => socket.close();
  request.signal?.addEventListener('abort', abort, { once: true });
  try {
    if (socket.readyState !== CLOSED) await new Promise<void>((resolve) => socket.once('close', resolve));
  } finally {
    request.signal?.removeEventListener('abort', abort);
  }
  // client-node ends the streams on the status frame; a dropped connection sends none.
  for (const stream of [stdout, stderr]) if (!stream.writableEnded) stream.end();
  await finished(stdout);
  if (request.signal?.aborted) throw request.signal.reason;

  const result = { stdout: await collected.stdout, stderr: await collected.stderr };
  if (!status) throw new TransientError(`${what}: the connection closed before the command reported its exit status`);
  return { ...result, exitCode: exitCodeOf(status, what, result.stderr) };
}

/** Success is 0; `NonZeroExitCode` carries the code in details.causes; anything else means it did not run. */
function exitCodeOf(status: V1Status, what: string, stderr: string): number {
  if (status.status === 'Success') return 0;
  const code = status.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message;
  if (status.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code)) return Number(code);
  const detail = [status.message, stderr.trim()].filter(Boolean).join(': ');
  throw new PreconditionError(`${what} failed: ${detail || JSON.stringify(status)}`);
}

/** ws reports a refused upgrade as "Unexpected server response: <status>". */
function handshakeError(error: unknown, what: string): StepError {
  const message = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
  const status = Number(/Unexpected server response: (\d+)/.exec(message)?.[1] ?? 0);
  const text = `${what}: ${message}`;
  if (status === 404) return new NotFoundError(text, { cause: error });
  if (status === 0 || status === 429 || status >= 500) return new TransientError(text, { cause: error });
  return new PreconditionError(text, { cause: error });
}

async function collect(stream: PassThrough | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
