import type { Options, Zod } from './command.js';
import { badInput, notAuthenticated } from './errors.js';

/**
 * Where the Argo Server is and how to reach it, exactly as the `argo` CLI reads it
 * (argo-workflows v4.1.2 cmd/argo/commands/client/conn.go AddAPIClientFlagsToCmd, pkg/apiclient/argo-server-opts.go):
 * flag, else environment variable, else default:
 * - `--argo-server`/`-s` ARGO_SERVER: `host:port`;
 * - `--argo-base-href` ARGO_BASE_HREF: a path appended to the URL (an ingress prefix);
 * - `--secure`/`-e` ARGO_SECURE: https unless ARGO_SECURE is exactly "false" (GetURL);
 * - `--insecure-skip-verify`/`-k` ARGO_INSECURE_SKIP_VERIFY: only when exactly "true";
 * - `--argo-http1` ARGO_HTTP1: only when exactly "true"; opsflow always speaks HTTP/1.1 REST, so it changes nothing;
 * - `--namespace`/`-n` ARGO_NAMESPACE (conn.go Namespace);
 * - ARGO_TOKEN, the whole Authorization header (`Bearer ...`), sent as-is (conn.go GetAuthString); like `argo` there
 *   is no token flag, so a token never shows in `ps`;
 * - `--certificate-authority`: the kubectl flag `argo` reuses for the Argo Server's CA (conn.go NewAPIClient).
 * Unlike `argo`, there is no fallback to kubeconfig: opsflow always goes through Argo Server, whose SSO RBAC decides.
 */
export const connectionFlags = (z: Zod) =>
  z.object({
    argoServer: z.string().optional(),
    argoBaseHref: z.string().optional(),
    secure: z.boolean().optional(),
    insecureSkipVerify: z.boolean().optional(),
    argoHttp1: z.boolean().optional(),
    namespace: z.string().optional(),
    certificateAuthority: z.string().optional(),
  });
export type ConnectionFlags = Options<typeof connectionFlags>;

export interface Connection {
  readonly baseUrl: string;
  readonly authorization: string;
  readonly namespace: string;
  readonly insecureSkipVerify: boolean;
  /** PEM text of `--certificate-authority`, trusted besides the system CAs. */
  readonly ca?: string;
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?):\d{1,5}$/;
/** The namespace opsflow's templates live in (site.namespace's default). */
export const DEFAULT_NAMESPACE = 'opsflow';

export async function resolveConnection(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Connection> {
  const server = flags.argoServer ?? env.ARGO_SERVER ?? '';
  if (server === '') {
    throw badInput('ARGO_SERVER is not set: export ARGO_SERVER=host:port (or pass --argo-server host:port)');
  }
  if (!HOST_PORT.test(server)) {
    throw badInput(`--argo-server/ARGO_SERVER must be host:port, e.g. argo.example.com:443 (got "${server}")`);
  }
  const authorization = env.ARGO_TOKEN ?? '';
  if (authorization.trim() === '') {
    throw notAuthenticated(
      'not signed in: ARGO_TOKEN is not set. Copy the token from the Argo UI (User info, after SSO) or run ' +
        '`argo auth token`, then export ARGO_TOKEN="Bearer ..." (docs/cli.md#sign-in)',
    );
  }
  const secure = flags.secure ?? env.ARGO_SECURE !== 'false';
  const path = flags.argoBaseHref ?? env.ARGO_BASE_HREF ?? '';
  let ca: string | undefined;
  if (flags.certificateAuthority !== undefined) {
    try {
      const { readFile } = await import('node:fs/promises');
      ca = await readFile(flags.certificateAuthority, 'utf8');
    } catch (error) {
      throw badInput(
        `--certificate-authority: cannot read "${flags.certificateAuthority}" (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
  return {
    baseUrl: `${secure ? 'https' : 'http'}://${server}${path}`,
    authorization,
    namespace: flags.namespace ?? env.ARGO_NAMESPACE ?? DEFAULT_NAMESPACE,
    insecureSkipVerify: flags.insecureSkipVerify ?? env.ARGO_INSECURE_SKIP_VERIFY === 'true',
    ca,
  };
}
