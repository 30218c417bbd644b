import type { ActionGrant } from './role.js';

/**
 * Annotation on every WorkflowTemplate of a site with roles: which roles may run it and on what terms, and which
 * approve its runs (JSON, `ActionAccess`). It puts the site's role declarations where a signed-in person can read
 * them, since every role may get and list WorkflowTemplates (sign-in.ts memberRules) and the site itself is not on
 * their machine: `opsflow me` and `describe` read it. What is enforced stays the admission policy and the guard; this
 * is what they enforce, said to people. Role names and terms only: who the members are is not in it.
 */
export const ACCESS_ANNOTATION = 'opsflow.io/access';

/**
 * Label on a WorkflowTemplate that is no action for people to run (the dead letter, the alert fan-out: what Sensors
 * create): `opsflow list` and `me` leave it out; `describe` still shows it.
 */
export const INTERNAL_LABEL = 'opsflow.io/internal';

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
