import { randomUUID } from 'node:crypto';
import { FaultPlan } from '../faults.js';
import { type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/**
 * A small fake Keystone v3 in front of the fake services of the unit tests (Nova, Ironic) and the resync bench (the
 * real Keystone runs in the integration tests):
 * `POST /v3/auth/tokens` with a password checks the credentials and issues a token (`X-Subject-Token`) whose
 * catalog points at the given service URLs (and `identity` at itself); `GET /v3/projects/{id}` serves `projects`.
 * `revoke()` invalidates every token, so a service answers 401.
 */
export interface FakeProject {
  readonly id: string;
  name: string;
  description: string;
  readonly domain_id: string;
  enabled: boolean;
}

export interface FakeKeystone extends ScriptedServer {
  readonly authUrl: string;
  readonly faults: FaultPlan;
  readonly projects: Map<string, FakeProject>;
  /** Environment for `OpenStackCloud.fromStepContext`. */
  readonly env: Record<string, string>;
  isValid(token: string | undefined): boolean;
  revoke(): void;
  /** How many tokens were issued. */
  issued(): number;
}

export async function startFakeKeystone(
  services: Readonly<Record<string, string>>,
  options: { latencyMs?: number; region?: string } = {},
): Promise<FakeKeystone> {
  const region = options.region ?? 'RegionOne';
  const faults = new FaultPlan(options.latencyMs ?? 0);
  const tokens = new Set<string>();
  const projects = new Map<string, FakeProject>();
  let authUrl = '';
  let issued = 0;
  const server = await startScriptedServer(async (request) => {
    const fault = await faults.before(request);
    if (fault) return fault;
    const project = /^\/v3\/projects\/([^/?]+)$/.exec(request.url);
    if (request.method === 'GET' && project) {
      if (!tokens.has(request.headers['x-auth-token'] as string)) {
        return {
          status: 401,
          body: {
            error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
          },
        };
      }
      const found = projects.get(decodeURIComponent(project[1]!));
      if (!found) {
        return {
          status: 404,
          body: { error: { code: 404, message: `Could not find project: ${project[1]}.`, title: 'Not Found' } },
        };
      }
      return {
        status: 200,
        body: {
          project: {
            ...found,
            parent_id: found.domain_id,
            is_domain: false,
            tags: [],
            options: {},
            links: { self: `${authUrl}/projects/${found.id}` },
          },
        },
      };
    }
    if (request.method !== 'POST' || request.url !== '/v3/auth/tokens') {
      return {
        status: 404,
        body: { error: { code: 404, message: 'The resource could not be found.', title: 'Not Found' } },
      };
    }
    const auth = JSON.parse(request.body).auth;
    const user = auth?.identity?.password?.user;
    if (user?.name !== 'admin' || user?.password !== 'adminpass') {
      return {
        status: 401,
        body: {
          error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
        },
      };
    }
    const token = `gAAAA${randomUUID().replace(/-/g, '')}`;
    tokens.add(token);
    issued++;
    return {
      status: 201,
      headers: { 'x-subject-token': token },
      body: {
        token: {
          methods: ['password'],
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          user: { id: 'u-admin', name: 'admin', domain: { id: 'default', name: 'Default' } },
          project: { id: 'p-admin', name: 'admin', domain: { id: 'default', name: 'Default' } },
          roles: [{ id: 'r-admin', name: 'admin' }],
          catalog: Object.entries({ identity: authUrl, ...services }).map(([type, url]) => ({
            type,
            name: type,
            id: `svc-${type}`,
            endpoints: [{ id: `ep-${type}`, interface: 'public', region, region_id: region, url }],
          })),
        },
      },
    };
  });
  authUrl = `${server.url}/v3`;
  return {
    ...server,
    projects,
    close: () => server.close(),
    authUrl,
    faults,
    env: {
      OS_AUTH_URL: `${server.url}/v3`,
      OS_USERNAME: 'admin',
      OS_PASSWORD: 'adminpass',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_NAME: 'admin',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: region,
    },
    isValid: (token) => token !== undefined && tokens.has(token),
    revoke: () => tokens.clear(),
    issued: () => issued,
  };
}
