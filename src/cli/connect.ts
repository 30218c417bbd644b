import type { ArgoClient } from '../clients/argo/index.js';
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
  // Loaded here, not at start-up: node:https brings TLS, crypto and undici, which `--help` does not need.
  const [{ Agent }, { rootCertificates }, { agentFetch }] = await Promise.all([
    import('node:https'),
    import('node:tls'),
    import('../clients/http/agent-fetch.js'),
  ]);
  const agent = new Agent({
    ca: connection.ca ? [...rootCertificates, connection.ca] : undefined,
    rejectUnauthorized: !connection.insecureSkipVerify,
  });
  const { ArgoClient: Client } = await import('../clients/argo/index.js');
  const argo = new Client({
    baseUrl: connection.baseUrl,
    authorization: connection.authorization,
    fetch: await agentFetch(agent),
    retry: io.retry,
    onRetry: (info) => io.stderr.write(`retrying ${info.method} ${info.url} (${info.reason}) in ${info.delayMs} ms\n`),
  });
  return { argo, namespace: connection.namespace };
}
