import { randomUUID } from 'node:crypto';
import { FaultPlan } from '../faults.js';
import { type RecordedRequest, type Reply, type ScriptedServer, startScriptedServer } from '../scripted-server.js';

/**
 * A small fake Keystone v3 in front of the fake services of the unit tests (Nova, Ironic) and the resync bench (the
 * real Keystone runs in the integration tests):
 * `POST /v3/auth/tokens` with a password checks the credentials and issues a token (`X-Subject-Token`) whose
 * catalog points at the given service URLs (and `identity` at itself); `GET /v3/projects/{id}` serves `projects`,
 * `GET /v3/users/{id}` serves `users`, and `GET /v3/role_assignments?scope.project.id=..&effective&include_names`
 * serves `assignments` (rows with names, as Keystone answers `include_names`; `effective` is required, since the
 * fake keeps user assignments only).
 * `revoke()` invalidates every token, so a service answers 401.
 */
export interface FakeProject {
  readonly id: string;
  name: string;
  description: string;
  readonly domain_id: string;
  enabled: boolean;
}

export interface FakeUser {
  readonly id: string;
  name: string;
  readonly domain_id: string;
  enabled: boolean;
  email?: string;
}

/** A user's role on a project. */
export interface FakeAssignment {
  readonly userId: string;
  readonly projectId: string;
  readonly role: string;
}

export interface FakeKeystone extends ScriptedServer {
  readonly authUrl: string;
  readonly faults: FaultPlan;
  readonly projects: Map<string, FakeProject>;
  readonly users: Map<string, FakeUser>;
  readonly assignments: FakeAssignment[];
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
  const users = new Map<string, FakeUser>();
  const assignments: FakeAssignment[] = [];
  const notFound = (what: string, id: string) => ({
    status: 404,
    body: { error: { code: 404, message: `Could not find ${what}: ${id}.`, title: 'Not Found' } },
  });
  let authUrl = '';
  let issued = 0;
  const server = await startScriptedServer((incoming) => faults.serve(incoming, handle));
  async function handle(request: RecordedRequest): Promise<Reply> {
    const url = new URL(request.url, 'http://keystone');
    if (request.method === 'GET' && url.pathname !== '/v3/auth/tokens') {
      if (!tokens.has(request.headers['x-auth-token'] as string)) {
        return {
          status: 401,
          body: {
            error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
          },
        };
      }
      const project = /^\/v3\/projects\/([^/]+)$/.exec(url.pathname);
      if (project) {
        const found = projects.get(decodeURIComponent(project[1]!));
        if (!found) return notFound('project', project[1]!);
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
      const user = /^\/v3\/users\/([^/]+)$/.exec(url.pathname);
      if (user) {
        const found = users.get(decodeURIComponent(user[1]!));
        if (!found) return notFound('user', user[1]!);
        return {
          status: 200,
          body: {
            user: { ...found, password_expires_at: null, options: {}, links: { self: `${authUrl}/users/${found.id}` } },
          },
        };
      }
      if (url.pathname === '/v3/role_assignments') {
        const projectId = url.searchParams.get('scope.project.id');
        if (!url.searchParams.has('effective') || url.searchParams.get('include_names') !== 'true') {
          return { status: 400, body: { error: { code: 400, message: 'fake: ask for effective and include_names' } } };
        }
        const rows = assignments
          .filter((a) => projectId === null || a.projectId === projectId)
          .map((a) => {
            const holder = users.get(a.userId);
            const on = projects.get(a.projectId);
            return {
              role: { id: `r-${a.role}`, name: a.role },
              user: { id: a.userId, name: holder?.name ?? a.userId, domain: { id: 'default', name: 'Default' } },
              scope: {
                project: { id: a.projectId, name: on?.name ?? a.projectId, domain: { id: 'default', name: 'Default' } },
              },
              links: { assignment: `${authUrl}/projects/${a.projectId}/users/${a.userId}/roles/r-${a.role}` },
            };
          });
        return {
          status: 200,
          body: { role_assignments: rows, links: { self: `${authUrl}/role_assignments`, next: null } },
        };
      }
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
  }
  authUrl = `${server.url}/v3`;
  return {
    ...server,
    projects,
    users,
    assignments,
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
