import type { Agent } from 'node:https';

/**
 * A `fetch` over node:http(s) with a TLS agent (the global fetch takes none): what the HTTP core needs of it
 * (status, headers, the body as a stream or text, abort). Used instead of node-fetch, whose whatwg-url pulls in
 * the deprecated punycode module (a warning on every start of the bundled CLI).
 */
export async function agentFetch(agent: Agent): Promise<typeof fetch> {
  // Imported here: a bundle hoists static imports of built-ins to start-up, and node:http(s) is costly to load.
  const [{ request: httpRequest }, { request: httpsRequest }, { Readable }] = await Promise.all([
    import('node:http'),
    import('node:https'),
    import('node:stream'),
  ]);
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const secure = url.protocol === 'https:';
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string>,
          agent: secure ? agent : undefined,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const item of [value ?? []].flat()) headers.append(name, item);
          }
          const status = res.statusCode ?? 500;
          const empty = status === 204 || status === 304 || init.method === 'HEAD';
          resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), { status, headers }));
        },
      );
      request.on('error', reject);
      request.end(init.body as string | Uint8Array | undefined);
    });
}

/** How a client verifies a server: extra CA certificates (PEM) trusted besides the system's, or no verification. */
export interface TlsSettings {
  readonly ca?: string;
  /** @default true */
  readonly verify?: boolean;
}

/**
 * A `fetch` verifying servers as `tls` says (a private CA, or `verify: false`), over one keep-alive agent. The
 * agent is made on the first request: node:https and node:tls load only when a client needs them.
 */
export function tlsFetch(tls: TlsSettings): typeof fetch {
  let transport: Promise<typeof fetch> | undefined;
  const make = async (): Promise<typeof fetch> => {
    const [{ Agent }, { rootCertificates }] = await Promise.all([import('node:https'), import('node:tls')]);
    const agent = new Agent({
      keepAlive: true,
      ca: tls.ca ? [...rootCertificates, tls.ca] : undefined,
      rejectUnauthorized: tls.verify ?? true,
    });
    return agentFetch(agent);
  };
  return async (input, init) => {
    transport ??= make();
    return (await transport)(input, init);
  };
}
