import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { valueAt } from '../../common/value-at.js';
import * as z from '../../common/zod-mini.js';
import type { TlsSettings } from '../http/agent-fetch.js';

/**
 * The standard OpenStack client configuration, as openstacksdk and python-openstackclient read it: a cloud from
 * `clouds.yaml` (selected by `OS_CLOUD`, with an optional `secure.yaml` beside it holding the secrets), with `OS_*`
 * environment variables on top; or the `OS_*` variables alone. Validated with zod; errors name the field and the
 * value, except for secrets, which are never shown.
 */

const Interface = z.enum(['public', 'internal', 'admin']);

/** A non-empty string that may be absent. */
const optionalText = () => z.optional(z.string().check(z.minLength(1)));

/** The `auth` block of a cloud (clouds.yaml keys). Strict, so a misspelt key is an error rather than ignored. */
const CloudAuth = z.strictObject({
  auth_url: z.url({
    protocol: /^https?$/,
    error: 'must be an http(s) URL such as https://keystone.example.com:5000/v3',
  }),
  username: optionalText(),
  user_id: optionalText(),
  password: optionalText(),
  user_domain_name: optionalText(),
  user_domain_id: optionalText(),
  project_name: optionalText(),
  project_id: optionalText(),
  project_domain_name: optionalText(),
  project_domain_id: optionalText(),
  domain_name: optionalText(),
  domain_id: optionalText(),
  system_scope: z.optional(z.literal('all')),
  application_credential_id: optionalText(),
  application_credential_name: optionalText(),
  application_credential_secret: optionalText(),
});

/** One entry of `clouds:`. Loose: real files carry many keys for other services (verify, *_api_version...). */
const CloudEntry = z.looseObject({
  auth: CloudAuth,
  auth_type: z.optional(z.enum(['password', 'v3password', 'application_credential', 'v3applicationcredential'])),
  region_name: optionalText(),
  interface: z.optional(Interface),
  identity_api_version: z.optional(z.union([z.literal(3), z.literal('3')])),
  /** A CA bundle (PEM file) trusted besides the system CAs, as openstacksdk's `cacert`. */
  cacert: optionalText(),
  /** false: do not verify server certificates (openstacksdk's `verify`; `insecure: true` is the same). */
  verify: z.optional(z.boolean()),
  insecure: z.optional(z.boolean()),
});
type CloudEntry = z.infer<typeof CloudEntry>;

export type EndpointInterface = z.infer<typeof Interface>;

/** Who authenticates. */
export type Credential =
  | {
      readonly type: 'password';
      readonly user: { readonly id: string } | { readonly name: string; readonly domain: DomainRef };
      readonly password: string;
    }
  | {
      readonly type: 'application_credential';
      readonly id?: string;
      readonly name?: string;
      /** With `name`: the owner, since application credential names are unique per user only. */
      readonly user?: { readonly id: string } | { readonly name: string; readonly domain: DomainRef };
      readonly secret: string;
    };

export type DomainRef = { readonly id: string } | { readonly name: string };

/** What the token is scoped to; application credentials carry their own scope, so they have none. */
export type Scope =
  | { readonly project: { readonly id: string } | { readonly name: string; readonly domain: DomainRef } }
  | { readonly domain: DomainRef }
  | { readonly system: 'all' };

export interface CloudConfig {
  /** Name of the clouds.yaml entry, or `envvars` when configured by `OS_*` variables only. */
  readonly cloud: string;
  /** Keystone v3 base URL, always ending in `/v3`. */
  readonly authUrl: string;
  readonly credential: Credential;
  readonly scope?: Scope;
  /** Region of the endpoints to use; the only one in the catalog when undefined. */
  readonly region?: string;
  /** @default 'public' */
  readonly interface: EndpointInterface;
  /** How Keystone and every service are verified, when not by the system CAs alone (`cacert`, `verify`). */
  readonly tls?: TlsSettings;
}

export interface LoadCloudConfigOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory searched for ./clouds.yaml. @default process.cwd() */
  readonly cwd?: string;
  /** @default os.homedir() */
  readonly home?: string;
  /** Overrides the `OS_PASSWORD`/`OS_APPLICATION_CREDENTIAL_SECRET` values (e.g. read from mounted files). */
  readonly secrets?: { readonly password?: string; readonly applicationCredentialSecret?: string };
}

/** `OS_*` variable → clouds.yaml auth key. */
const ENV_AUTH_KEYS = {
  OS_AUTH_URL: 'auth_url',
  OS_USERNAME: 'username',
  OS_USER_ID: 'user_id',
  OS_PASSWORD: 'password',
  OS_USER_DOMAIN_NAME: 'user_domain_name',
  OS_USER_DOMAIN_ID: 'user_domain_id',
  OS_PROJECT_NAME: 'project_name',
  OS_PROJECT_ID: 'project_id',
  OS_PROJECT_DOMAIN_NAME: 'project_domain_name',
  OS_PROJECT_DOMAIN_ID: 'project_domain_id',
  OS_DOMAIN_NAME: 'domain_name',
  OS_DOMAIN_ID: 'domain_id',
  OS_SYSTEM_SCOPE: 'system_scope',
  OS_APPLICATION_CREDENTIAL_ID: 'application_credential_id',
  OS_APPLICATION_CREDENTIAL_NAME: 'application_credential_name',
  OS_APPLICATION_CREDENTIAL_SECRET: 'application_credential_secret',
} as const;

const SECRET_KEYS = new Set(['password', 'application_credential_secret']);

/** Thrown for a missing or invalid configuration; the message names the source and the field. */
export class CloudConfigError extends Error {
  override readonly name = 'CloudConfigError';
}

/** Where clouds.yaml (or secure.yaml) is looked for, in order. `OS_CLIENT_CONFIG_FILE` wins when set. */
export function configSearchPath(file: 'clouds.yaml' | 'secure.yaml', options: LoadCloudConfigOptions): string[] {
  const override = file === 'clouds.yaml' ? options.env.OS_CLIENT_CONFIG_FILE : options.env.OS_CLIENT_SECURE_FILE;
  const home = options.home ?? homedir();
  return [
    ...(override ? [override] : []),
    join(options.cwd ?? process.cwd(), file),
    join(home, '.config', 'openstack', file),
    join('/etc/openstack', file),
  ];
}

/**
 * Resolves the cloud to use from `OS_CLOUD` + clouds.yaml and/or the `OS_*` variables. Asynchronous so that the
 * `yaml` package loads only when there is a clouds.yaml to read, not at every step start (docs/steps.md).
 */
export async function loadCloudConfig(options: LoadCloudConfigOptions): Promise<CloudConfig> {
  const { env } = options;
  const cloudName = env.OS_CLOUD;
  let entry: Record<string, unknown> = {};
  let source = 'OS_* environment variables';
  if (cloudName) {
    const found = await readCloudEntry(cloudName, options);
    entry = found.entry;
    source = `cloud "${cloudName}" in ${found.file}`;
  } else if (!env.OS_AUTH_URL) {
    throw new CloudConfigError('no OpenStack cloud configured: set OS_CLOUD (with a clouds.yaml) or OS_AUTH_URL');
  }

  // OS_* variables override the file, as in python-openstackclient.
  const auth: Record<string, unknown> = { ...(isRecord(entry.auth) ? entry.auth : {}) };
  for (const [variable, key] of Object.entries(ENV_AUTH_KEYS)) {
    const value = env[variable];
    if (value) auth[key] = value;
  }
  if (options.secrets?.password) auth.password = options.secrets.password;
  if (options.secrets?.applicationCredentialSecret) {
    auth.application_credential_secret = options.secrets.applicationCredentialSecret;
  }
  const merged: Record<string, unknown> = { ...entry, auth };
  if (env.OS_REGION_NAME) merged.region_name = env.OS_REGION_NAME;
  if (env.OS_INTERFACE) merged.interface = env.OS_INTERFACE.replace(/URL$/, '');
  if (env.OS_AUTH_TYPE) merged.auth_type = env.OS_AUTH_TYPE;
  if (env.OS_CACERT) merged.cacert = env.OS_CACERT;

  const parsed = CloudEntry.safeParse(merged);
  if (!parsed.success) throw new CloudConfigError(describeIssues(source, parsed.error.issues, merged));
  const config = resolve(cloudName ?? 'envvars', parsed.data, source);
  const tls = tlsOf(parsed.data, source);
  return tls ? { ...config, tls } : config;
}

/** `cacert` (read now, so a wrong path fails before any request) and `verify: false` / `insecure: true`. */
function tlsOf(entry: CloudEntry, source: string): TlsSettings | undefined {
  const verify = entry.verify ?? (entry.insecure === undefined ? undefined : !entry.insecure);
  if (entry.cacert === undefined && verify === undefined) return undefined;
  let ca: string | undefined;
  if (entry.cacert !== undefined) {
    try {
      ca = readFileSync(entry.cacert, 'utf8');
    } catch (error) {
      throw new CloudConfigError(
        `${source}: cacert (OS_CACERT): cannot read ${entry.cacert} (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
  return { ...(ca === undefined ? {} : { ca }), verify: verify ?? true };
}

async function readCloudEntry(
  cloud: string,
  options: LoadCloudConfigOptions,
): Promise<{ entry: Record<string, unknown>; file: string }> {
  const file = configSearchPath('clouds.yaml', options).find((path) => existsSync(path));
  if (!file) {
    throw new CloudConfigError(
      `OS_CLOUD is "${cloud}" but no clouds.yaml was found (looked in ${configSearchPath('clouds.yaml', options).join(', ')})`,
    );
  }
  const clouds = await cloudsOf(file);
  const entry = clouds[cloud];
  if (!isRecord(entry)) {
    throw new CloudConfigError(
      `cloud "${cloud}" (OS_CLOUD) is not in ${file}; it has: ${Object.keys(clouds).join(', ') || 'no clouds'}`,
    );
  }
  const secureFile = configSearchPath('secure.yaml', options).find((path) => existsSync(path));
  const secure = secureFile ? (await cloudsOf(secureFile))[cloud] : undefined;
  return { entry: isRecord(secure) ? deepMerge(entry, secure) : entry, file };
}

async function cloudsOf(file: string): Promise<Record<string, unknown>> {
  const { parse: parseYaml } = await import('yaml');
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CloudConfigError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(document) || !isRecord(document.clouds)) {
    throw new CloudConfigError(`${file} has no "clouds:" mapping`);
  }
  return document.clouds;
}

function resolve(cloud: string, entry: CloudEntry, source: string): CloudConfig {
  const auth = entry.auth;
  const fail = (message: string): never => {
    throw new CloudConfigError(`${source}: ${message}`);
  };
  const authUrl = auth.auth_url.replace(/\/+$/, '').replace(/(\/v3)?$/, '/v3');
  const userDomain = domainRef(auth.user_domain_id, auth.user_domain_name) ?? sharedDomain(auth) ?? { id: 'default' };
  const user = auth.user_id
    ? { id: auth.user_id }
    : auth.username
      ? { name: auth.username, domain: userDomain }
      : undefined;

  const wantsAppCredential =
    entry.auth_type?.includes('application') ??
    Boolean(auth.application_credential_id || auth.application_credential_name);
  let credential: Credential;
  if (wantsAppCredential) {
    if (!auth.application_credential_id && !auth.application_credential_name) {
      fail('auth.application_credential_id (OS_APPLICATION_CREDENTIAL_ID) or a name is required');
    }
    if (auth.application_credential_name && !auth.application_credential_id && !user) {
      fail('auth.application_credential_name needs auth.username or auth.user_id (its owner)');
    }
    credential = {
      type: 'application_credential',
      ...(auth.application_credential_id ? { id: auth.application_credential_id } : {}),
      ...(auth.application_credential_name && !auth.application_credential_id
        ? { name: auth.application_credential_name, user }
        : {}),
      secret:
        auth.application_credential_secret ??
        fail('auth.application_credential_secret (OS_APPLICATION_CREDENTIAL_SECRET) is required'),
    };
    // An application credential is bound to its project; a scope in the request is an error in Keystone.
    return { cloud, authUrl, credential, region: entry.region_name, interface: entry.interface ?? 'public' };
  }
  credential = {
    type: 'password',
    user: user ?? fail('auth.username (OS_USERNAME) or auth.user_id (OS_USER_ID) is required'),
    password: auth.password ?? fail('auth.password (OS_PASSWORD) is required'),
  };
  return {
    cloud,
    authUrl,
    credential,
    scope: scopeOf(auth, fail),
    region: entry.region_name,
    interface: entry.interface ?? 'public',
  };
}

function scopeOf(auth: z.infer<typeof CloudAuth>, fail: (message: string) => never): Scope | undefined {
  const kinds = [
    auth.project_id || auth.project_name ? 'project' : undefined,
    (auth.domain_id || auth.domain_name) && !sharedDomain(auth) ? 'domain' : undefined,
    auth.system_scope ? 'system' : undefined,
  ].filter(Boolean);
  if (kinds.length > 1) {
    fail(`choose one scope: project, domain or system_scope (got ${kinds.join(' and ')})`);
  }
  if (auth.project_id) return { project: { id: auth.project_id } };
  if (auth.project_name) {
    return {
      project: {
        name: auth.project_name,
        domain: domainRef(auth.project_domain_id, auth.project_domain_name) ??
          sharedDomain(auth) ??
          domainRef(auth.user_domain_id, auth.user_domain_name) ?? { id: 'default' },
      },
    };
  }
  const domain = domainRef(auth.domain_id, auth.domain_name);
  if (domain) return { domain };
  if (auth.system_scope) return { system: 'all' };
  return undefined;
}

/**
 * With a project, `domain_id`/`domain_name` (`OS_DOMAIN_*`) are not a domain scope but the default domain of the user
 * and the project, as openstacksdk reads them (`_handle_domain_id`); without one they are the domain scope.
 */
function sharedDomain(auth: z.infer<typeof CloudAuth>): DomainRef | undefined {
  return auth.project_id || auth.project_name ? domainRef(auth.domain_id, auth.domain_name) : undefined;
}

function domainRef(id: string | undefined, name: string | undefined): DomainRef | undefined {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

function describeIssues(source: string, issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>): string {
  const lines = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      // Name the keys only: the object around them holds the password.
      return issue.keys.map((key) => `  ${[...issue.path, key].map(String).join('.')}: unknown key (misspelt?)`);
    }
    const path = issue.path.map(String).join('.');
    const key = String(issue.path.at(-1));
    const value = SECRET_KEYS.has(key) ? '(hidden)' : JSON.stringify(valueAt(input, issue.path));
    return `  ${path}${envHint(issue.path)}: ${issue.message} (got ${value})`;
  });
  return `invalid OpenStack configuration (${source}):\n${lines.join('\n')}`;
}

function envHint(path: readonly PropertyKey[]): string {
  if (path[0] === 'auth') {
    const variable = Object.entries(ENV_AUTH_KEYS).find(([, key]) => key === path[1])?.[0];
    return variable ? ` (${variable})` : '';
  }
  const top: Record<string, string> = {
    region_name: 'OS_REGION_NAME',
    interface: 'OS_INTERFACE',
    auth_type: 'OS_AUTH_TYPE',
  };
  const variable = top[String(path[0])];
  return variable ? ` (${variable})` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return out;
}
