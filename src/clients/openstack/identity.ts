import { NotFoundError } from '../../steps/runtime/errors.js';
import type { OpenStackCloud } from './cloud.js';
import { ServiceClient } from './service.js';

/** Keystone v3 resources, as the API returns them (fields used here). */
export interface Domain {
  readonly id: string;
  readonly name: string;
}
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly description?: string;
  readonly enabled: boolean;
}
export interface User {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  /** Keystone keeps unknown user attributes such as `email` as they were set (`openstack user create --email`). */
  readonly email?: string;
  readonly enabled?: boolean;
}
export interface Group {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
}
export interface Role {
  readonly id: string;
  readonly name: string;
}

/** Who receives a role, and on what. */
export interface RoleAssignment {
  readonly roleId: string;
  readonly actor: { readonly user: string } | { readonly group: string };
  readonly target: { readonly project: string } | { readonly domain: string };
}

/**
 * A row of `GET /v3/role_assignments?effective&include_names`: a user's role on a project (group assignments
 * expanded into their members by `effective`, so `user` is always there).
 */
export interface EffectiveAssignment {
  readonly role: { readonly id: string; readonly name: string };
  readonly user: { readonly id: string; readonly name: string; readonly domain: { readonly name: string } };
  readonly scope: { readonly project?: { readonly id: string; readonly name: string } };
}

/** The Keystone v3 identity API: projects, users, groups, roles and role assignments. */
export class IdentityClient extends ServiceClient {
  static async connect(cloud: OpenStackCloud): Promise<IdentityClient> {
    return new IdentityClient(cloud, await cloud.serviceHttp('identity'));
  }

  /** A domain by name or id (`Default` and `default` both work); NotFoundError names the value. */
  async domain(nameOrId: string): Promise<Domain> {
    const byName = await this.first<Domain>('domains', 'domains', { name: nameOrId });
    if (byName) return byName;
    const res = await this.http.get<{ domain: Domain }>(`domains/${encodeURIComponent(nameOrId)}`, { expect: [404] });
    if (res.status === 404) throw new NotFoundError(`Keystone domain "${nameOrId}" does not exist`);
    return res.data.domain;
  }

  findProject(name: string, domainId: string): Promise<Project | undefined> {
    return this.first<Project>('projects', 'projects', { name, domain_id: domainId });
  }

  /** A project by id; NotFoundError when Keystone has none. */
  project(id: string): Promise<Project>;
  /** A project by name in a domain; NotFoundError names both. */
  project(name: string, domainId: string): Promise<Project>;
  async project(nameOrId: string, domainId?: string): Promise<Project> {
    if (domainId !== undefined) {
      return this.required<Project>('projects', { name: nameOrId, domain_id: domainId }, `project "${nameOrId}"`);
    }
    const res = await this.http.get<{ project: Project }>(`projects/${encodeURIComponent(nameOrId)}`, {
      expect: [404],
    });
    if (res.status === 404) throw new NotFoundError(`Keystone project "${nameOrId}" does not exist`);
    return res.data.project;
  }

  async createProject(project: {
    name: string;
    domainId: string;
    description?: string;
    enabled?: boolean;
  }): Promise<Project> {
    const res = await this.http.post<{ project: Project }>('projects', {
      json: {
        project: {
          name: project.name,
          domain_id: project.domainId,
          description: project.description ?? '',
          enabled: project.enabled ?? true,
        },
      },
    });
    return res.data.project;
  }

  user(name: string, domainId: string): Promise<User> {
    return this.required<User>('users', { name, domain_id: domainId }, `user "${name}"`);
  }

  group(name: string, domainId: string): Promise<Group> {
    return this.required<Group>('groups', { name, domain_id: domainId }, `group "${name}"`);
  }

  /** A global role by name (`member`, `reader`, `admin`...). */
  role(name: string): Promise<Role> {
    return this.required<Role>('roles', { name }, `role "${name}"`);
  }

  /** A user by id; undefined when Keystone has none (deleted since the assignment was listed). */
  async userById(id: string): Promise<User | undefined> {
    const res = await this.http.get<{ user: User }>(`users/${encodeURIComponent(id)}`, { expect: [404] });
    return res.status === 404 ? undefined : res.data.user;
  }

  /**
   * The users with a role on a project, directly, through a group or inherited from its domain (`effective`), with
   * names. Keystone does not paginate role assignments, so this is one request.
   */
  async effectiveAssignments(projectId: string): Promise<EffectiveAssignment[]> {
    const res = await this.http.get<{ role_assignments: EffectiveAssignment[] }>('role_assignments', {
      query: { 'scope.project.id': projectId, effective: true, include_names: true },
    });
    return res.data.role_assignments;
  }

  /** Whether the role is assigned directly (`HEAD` answers 204 when it is, 404 when not). */
  async hasRole(assignment: RoleAssignment): Promise<boolean> {
    const res = await this.http.request({ method: 'HEAD', path: assignmentPath(assignment), expect: [404] });
    return res.status === 204;
  }

  /** Grants the role; Keystone's PUT is idempotent, but each call notifies, so callers check `hasRole` first. */
  async assignRole(assignment: RoleAssignment): Promise<void> {
    await this.http.put(assignmentPath(assignment));
  }

  private async required<T extends { name: string }>(
    collection: string,
    query: Record<string, string>,
    what: string,
  ): Promise<T> {
    const found = await this.first<T>(collection, collection, query);
    if (!found) {
      const where = query.domain_id ? ` in domain ${query.domain_id}` : '';
      throw new NotFoundError(`Keystone ${what} does not exist${where}`);
    }
    return found;
  }

  private async first<T>(path: string, key: string, query: Record<string, string>): Promise<T | undefined> {
    for await (const item of this.list<T>(path, key, query)) return item;
    return undefined;
  }
}

function assignmentPath({ roleId, actor, target }: RoleAssignment): string {
  const on = 'project' in target ? `projects/${target.project}` : `domains/${target.domain}`;
  const who = 'user' in actor ? `users/${actor.user}` : `groups/${actor.group}`;
  return `${on}/${who}/roles/${roleId}`;
}
