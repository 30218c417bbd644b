import { HttpError } from '../http/index.js';

/**
 * The HTTP status grpc-gateway answers for a gRPC code (runtime.HTTPStatusFromCode), so a failure reported inside a
 * stream becomes the same HttpError as one reported in the response status.
 */
const HTTP_STATUS_OF_GRPC_CODE: Readonly<Record<number, number>> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/**
 * The items of a grpc-gateway server stream: one JSON object a line, `{"result": ...}` per message and
 * `{"error": {"grpc_code", "http_code", "message", ...}}` (swagger `grpc.gateway.runtime.StreamError`) when the call fails mid-stream.
 */
export async function* ndjsonResults<T>(
  body: AsyncIterable<Uint8Array | string>,
  request: { method: string; url: string },
): AsyncGenerator<T, void, undefined> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield parseLine<T>(line, request);
      newline = buffered.indexOf('\n');
    }
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest) yield parseLine<T>(rest, request);
}

interface StreamLine<T> {
  readonly result?: T;
  readonly error?: { grpc_code?: number; http_code?: number; message?: string };
}

function parseLine<T>(line: string, request: { method: string; url: string }): T {
  let parsed: StreamLine<T>;
  try {
    parsed = JSON.parse(line) as StreamLine<T>;
  } catch {
    throw new HttpError({ ...request, kind: 'network', detail: `stream line is not JSON: ${line.slice(0, 200)}` });
  }
  if (parsed.error) {
    const status = parsed.error.http_code ?? HTTP_STATUS_OF_GRPC_CODE[parsed.error.grpc_code ?? 2] ?? 500;
    throw new HttpError({ ...request, kind: 'http', status, responseExcerpt: JSON.stringify(parsed.error) });
  }
  return parsed.result as T;
}
