import { type ActionGrant, grantsOf, type Role } from './role.js';

/**
 * Annotation on every WorkflowTemplate of a site with roles: which roles may run it and on what terms, and which
 * approve its runs (JSON, `ActionAccess`). It puts the site's role declarations where a signed-in person can read
 * them, since every role may get and list WorkflowTemplates (sign-in.ts memberRules) and the site itself is not on
 * their machine: `opsflow me` and `describe` read it. What is enforced stays the admission policy and the guard; this
 * is what they enforce, said to people. Role names and terms only: who the members are is not in it.
 */
export const ACCESS_ANNOTATION = 'opsflow.io/access';

/** A role's terms on one action, as `grantsOf` resolves them (`parameters` left out when unconstrained). */
export type RunGrant = Omit<ActionGrant, 'parameters'> & { readonly parameters?: ActionGrant['parameters'] };

/** What one role may do with one action. */
export interface RoleAccess {
  /** The role's people may run it, on these terms. */
  readonly run?: RunGrant;
  /** The role's people approve or reject its runs that wait for approval. */
  readonly approves?: true;
}

/** The annotation's value: role name -> what the role may do (roles that may do nothing are left out). */
export type ActionAccess = Readonly<Record<string, RoleAccess>>;

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
