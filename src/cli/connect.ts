import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import nodeFetch from 'node-fetch';
import { ArgoClient } from '../clients/argo/index.js';
import { type ConnectionFlags, resolveConnection } from './config.js';
import type { CliIo } from './io.js';

export interface Connected {
  readonly argo: ArgoClient;
  readonly namespace: string;
}

/**
 * The Argo Server client for a command: TLS verified against the system CAs (plus `--certificate-authority`) unless
 * `--insecure-skip-verify`, as pkg/apiclient/http1/facade.go NewFacade (util/tls GetClientTLSConfig) does.
 */
export async function connect(flags: ConnectionFlags, io: CliIo): Promise<Connected> {
  const connection = await resolveConnection(flags, io.env);
  const agent = new Agent({
    ca: connection.ca ? [...rootCertificates, connection.ca] : undefined,
    rejectUnauthorized: !connection.insecureSkipVerify,
  });
  // The global fetch takes no TLS agent; node-fetch does (as src/clients/kubernetes/client.ts).
  const fetch = ((url: URL, init: Parameters<typeof nodeFetch>[1]) =>
    nodeFetch(url.toString(), {
      ...init,
      agent: url.protocol === 'https:' ? agent : undefined,
    })) as unknown as typeof globalThis.fetch;
  const argo = new ArgoClient({
    baseUrl: connection.baseUrl,
    authorization: connection.authorization,
    fetch,
    retry: io.retry,
    onRetry: (info) => io.stderr.write(`retrying ${info.method} ${info.url} (${info.reason}) in ${info.delayMs} ms\n`),
  });
  return { argo, namespace: connection.namespace };
}
