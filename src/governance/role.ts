import * as z from '../common/zod-mini.js';
import { DNS_LABEL } from '../constructs/validation.js';
import type { ActionAccess, RoleAccess, RunGrant } from './access.js';

/** Go duration of whole units, as the guard and the docs read it: `30m`, `1h`, `24h`. */
export const Window = z
  .string()
  .check(z.regex(/^[1-9]\d*(s|m|h)$/, 'must be a whole number of s, m or h, such as "1h"'));

/**
 * A pattern the whole value must match (anchored by the generator: `^(?:pattern)$`), case-sensitive, in the
 * syntax common to RE2 (what Kubernetes CEL's `matches` runs) and JavaScript: no lookaround, no backreferences.
 */
const Pattern = z.string().check(
  z.minLength(1),
  z.refine((pattern) => !/\(\?[=!<]|\\[1-9]|\\k</.test(pattern), 'must not use lookaround or backreferences (RE2)'),
  z.refine((pattern) => {
    try {
      new RegExp(pattern, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression'),
);

/**
 * What a parameter of an allowed action may be: `{ pattern }` (the whole value), `{ enum }`, `'self'` (the
 * caller's own identity, the `workflows.argoproj.io/creator` label Argo Server sets), or `'absent'` (the caller
 * may not set it: the template's default applies). A constrained parameter other than `absent` must be given.
 */
export const ParameterConstraint = z.union(
  [
    z.literal('self'),
    z.literal('absent'),
    z.strictObject({ pattern: Pattern }),
    z.strictObject({ enum: z.array(z.string()).check(z.minLength(1)) }),
  ],
  { error: 'must be "self", "absent", { pattern } or { enum: [...] }' },
);
export type ParameterConstraint = z.infer<typeof ParameterConstraint>;

/** At most `runs` runs started in any `window`. */
export const RunLimit = z.strictObject({ runs: z.int().check(z.minimum(1)), window: Window });
export type RunLimit = z.infer<typeof RunLimit>;

/** One action a role may run, and on what terms. */
export const ActionGrant = z.strictObject({
  /** Constraints on the action's parameters by name; unnamed parameters may take any value. */
  parameters: z._default(z.record(z.string(), ParameterConstraint), {}),
  /** Runs one caller of the role may start. @default - no limit */
  perCaller: z.optional(RunLimit),
  /** Runs of the action all callers of the role start together. @default - no limit */
  overall: z.optional(RunLimit),
  /** The run waits for a person of role `by`; `selfApproval` lets the requester approve their own run. */
  approval: z.optional(
    z.strictObject({
      by: z.string().check(z.regex(DNS_LABEL, 'must name a role')),
      selfApproval: z._default(z.boolean(), false),
      /** Rejected when nobody decides within this long. */
      timeout: z._default(Window, '1h'),
    }),
  ),
});
export type ActionGrant = z.infer<typeof ActionGrant>;

export const Role = z
  .strictObject({
    /** RFC 1123 label: the ServiceAccount is `opsflow-role-<name>`. */
    name: z.string().check(z.regex(DNS_LABEL, 'must be a lowercase RFC 1123 label'), z.maxLength(50)),
    /** Who signs in as this role: OIDC `groups` claims and `sub` (user) claims. */
    members: z.strictObject({
      groups: z._default(z.array(z.string().check(z.minLength(1))), []),
      users: z._default(z.array(z.string().check(z.minLength(1))), []),
    }),
    /** When a person matches several roles, Argo Server picks the highest (`rbac-rule-precedence`). */
    precedence: z.int(),
    /**
     * `'all'`: every action, without constraints. Otherwise the actions by name: `true` allowed as is, `false` not
     * allowed (as if absent, said out loud), or the terms of the grant.
     */
    actions: z.union([z.literal('all'), z.record(z.string(), z.union([z.boolean(), ActionGrant]))]),
    /** The role's people approve or reject waiting runs (resume, stop and set on Workflows). @default false */
    approves: z._default(z.boolean(), false),
  })
  .check(
    z.refine((role) => role.members.groups.length + role.members.users.length > 0, {
      path: ['members'],
      message: 'must name at least one group or user',
    }),
  );
export type Role = z.infer<typeof Role>;
export type RoleInput = z.input<typeof Role>;

/** The actions a role may run, each with its terms (`'all'` for every action, unconstrained). */
export function grantsOf(role: Role, actionNames: readonly string[]): Map<string, ActionGrant> {
  const grants = new Map<string, ActionGrant>();
  for (const name of actionNames) {
    const grant = role.actions === 'all' ? true : role.actions[name];
    if (grant === true) grants.set(name, { parameters: {} });
    else if (grant) grants.set(name, grant);
  }
  return grants;
}

const ROLE_ACCOUNT_PREFIX = 'opsflow-role-';

/** The ServiceAccount Argo Server uses for the role's people. */
export function roleServiceAccountName(role: Pick<Role, 'name'>): string {
  return `${ROLE_ACCOUNT_PREFIX}${role.name}`;
}

/** The role a signed-in person acts as, from the ServiceAccount Argo Server picked (GET /api/v1/userinfo). */
export function roleOfServiceAccount(serviceAccount: string | undefined): string | undefined {
  return serviceAccount?.startsWith(ROLE_ACCOUNT_PREFIX) ? serviceAccount.slice(ROLE_ACCOUNT_PREFIX.length) : undefined;
}

/** Label a role's Workflows carry (the admission policy requires it), so the guard knows whose limits apply. */
export const ROLE_LABEL = 'opsflow.io/role';

/** The run limits of one action, by role: what the guard step is given. */
export type ActionLimits = Record<string, Pick<ActionGrant, 'perCaller' | 'overall'>>;

export function actionLimits(roles: readonly Role[], action: string): ActionLimits {
  const limits: ActionLimits = {};
  for (const role of roles) {
    const grant = grantsOf(role, [action]).get(action);
    if (grant?.perCaller || grant?.overall) limits[role.name] = { perCaller: grant.perCaller, overall: grant.overall };
  }
  return limits;
}

/**
 * Who may do what with the action `name`: a role runs it when `grantsOf` grants it; an approving role approves its
 * runs when the action itself waits for approval (`approval: true`) or a role's grant names it (`approval.by`).
 */
export function actionAccess(roles: readonly Role[], name: string, approval: boolean): ActionAccess {
  const grants = new Map(roles.flatMap((role) => [...grantsOf(role, [name])].map(([, grant]) => [role.name, grant])));
  const approvers = new Set([...grants.values()].flatMap((grant) => (grant.approval ? [grant.approval.by] : [])));
  const access: Record<string, RoleAccess> = {};
  for (const role of roles) {
    const grant = grants.get(role.name);
    const approves = role.approves && (approval || approvers.has(role.name));
    if (!grant && !approves) continue;
    access[role.name] = {
      ...(grant ? { run: runGrant(grant) } : {}),
      ...(approves ? { approves: true } : {}),
    };
  }
  return access;
}

function runGrant({ parameters, ...terms }: ActionGrant): RunGrant {
  return Object.keys(parameters).length > 0 ? { parameters, ...terms } : terms;
}
