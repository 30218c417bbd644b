/**
 * Approvals: the terms a run waits on (who may approve, whether the requester may, how long), and the verdict on
 * the decision as the Workflow records it. Argo's own resume keeps no record of its own (argoproj/argo-workflows#9445),
 * but Argo Server labels the Workflow with the signed-in person on every resume and stop it performs: the check
 * reads those labels, never what a client supplied.
 */
import * as z from '../common/zod-mini.js';
import { windowSeconds } from './guard.js';
import { type ActionGrant, grantsOf, type Role, Window } from './role.js';

/**
 * Labels Argo Server sets from the caller's OIDC claims on resume, stop, suspend and set (`creator.LabelActor`
 * in workflow/util/util.go `updateSuspendedNode`, argo-workflows v4.1.2); removed when a request carries no claims.
 * Values are `dnsFriendly` (workflow/creator/creator.go): like the creator label, so the two compare.
 */
export const ACTOR_LABEL = 'workflows.argoproj.io/actor';
export const ACTOR_EMAIL_LABEL = 'workflows.argoproj.io/actor-email';
export const ACTOR_USERNAME_LABEL = 'workflows.argoproj.io/actor-preferred-username';
/** `Resume`, `Stop`, `Suspend`, `Retry`; absent after a plain `set` (creator.ActionNone). */
export const ACTION_LABEL = 'workflows.argoproj.io/action';
export const ACTOR_LABELS = [ACTOR_LABEL, ACTOR_EMAIL_LABEL, ACTOR_USERNAME_LABEL, ACTION_LABEL] as const;

/** The verdict the check records on the Workflow: label values, queryable in the archive. */
export const APPROVAL_LABEL = 'opsflow.io/approval';
export const APPROVER_LABEL = 'opsflow.io/approver';
/** The whole record (who, when, message, rule) as JSON. */
export const APPROVAL_ANNOTATION = 'opsflow.io/approval';

export const ApprovalTerms = z.strictObject({
  /** The roles whose people may decide (enforced at admission: the rule `decision-role`). */
  by: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  selfApproval: z.boolean(),
  /** Nobody deciding within this long rejects the run. @default - wait until the Workflow's deadline */
  timeout: z.optional(Window),
});
export type ApprovalTerms = z.infer<typeof ApprovalTerms>;

/** The key of the terms that apply to a run without a role (an automation's, a schedule's) or to any role. */
export const ANY_ROLE = '*';

/**
 * The approval terms of one action by the requester's role: a grant's `approval`, and for an action that always
 * waits (`Action.approval`) the terms of every other run, approved by any role that approves.
 */
export function approvalTermsByRole(
  roles: readonly Role[],
  action: string,
  always: boolean,
): Record<string, ApprovalTerms> {
  const terms: Record<string, ApprovalTerms> = {};
  for (const role of roles) {
    const approval = grantsOf(role, [action]).get(action)?.approval;
    if (approval) terms[role.name] = grantTerms(approval);
  }
  const approvers = approvingRoles(roles);
  if (always && approvers.length > 0) terms[ANY_ROLE] = { by: approvers, selfApproval: false };
  return terms;
}

export function approvingRoles(roles: readonly Role[]): string[] {
  return roles.filter((role) => role.approves).map((role) => role.name);
}

function grantTerms(approval: NonNullable<ActionGrant['approval']>): ApprovalTerms {
  return { by: [approval.by], selfApproval: approval.selfApproval, timeout: approval.timeout };
}

/** The approval node as the Workflow's status holds it. */
export interface DecisionNode {
  readonly phase?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly message?: string;
  readonly outputs?: { readonly parameters?: readonly { readonly name: string; readonly value?: string }[] };
}

export type VerdictKind = 'approved' | 'rejected' | 'timed-out' | 'refused';

export interface Verdict {
  readonly verdict: VerdictKind;
  /** The server-set actor, or `none`. */
  readonly approver: string;
  /** The requester: the creator label Argo Server set at submission. */
  readonly requester: string;
  /** When the decision was taken (the approval node's end). */
  readonly at: string;
  /** What the approver wrote (`opsflow approve --message`); their own words, not evidence. */
  readonly message: string;
  /** Why this verdict, naming the approver, the requester and the rule. */
  readonly reason: string;
}

/** A ServiceAccount's subject, dnsFriendly: `system:serviceaccount:<ns>:<name>` (server/auth/serviceaccount/claims.go). */
const SERVICE_ACCOUNT_ACTOR = /^system-serviceaccount-/;

/**
 * The verdict on an approval node that has ended, from the labels Argo Server set and the node's phase:
 * - stopped (Failed) by a signed-in person: rejected;
 * - resumed by a signed-in person: approved, unless they requested the run and the terms forbid self-approval, or
 *   they are a ServiceAccount token that is no approving role's (a person's role is checked at admission);
 * - resumed by the suspend's own `duration` (no Resume by anybody): timed out, which rejects;
 * - resumed or stopped without a signed-in person (no actor): refused, the decision has no record.
 */
export function approvalVerdict(
  labels: Readonly<Record<string, string>>,
  node: DecisionNode,
  terms: ApprovalTerms,
  namespace: string,
): Verdict {
  const actor = labels[ACTOR_LABEL] ?? '';
  const action = labels[ACTION_LABEL] ?? '';
  const requester = labels['workflows.argoproj.io/creator'] ?? '';
  const message = node.outputs?.parameters?.find((parameter) => parameter.name === 'message')?.value ?? '';
  const at = node.finishedAt ?? '';
  const rule = `approval by role ${terms.by.join(' or ')}${terms.selfApproval ? '' : ', not by the requester'}`;
  const verdict = (kind: VerdictKind, approver: string, reason: string): Verdict => ({
    verdict: kind,
    approver: approver || 'none',
    requester: requester || 'unknown',
    at,
    message,
    reason,
  });
  if (node.phase === 'Failed' || node.phase === 'Error') {
    return action === 'Stop' && actor
      ? verdict('rejected', actor, `rejected by ${actor}`)
      : verdict('refused', '', 'the approval was stopped without a signed-in person (Argo Server set no actor)');
  }
  if (node.phase !== 'Succeeded') {
    return verdict('refused', '', `the approval node is ${node.phase ?? 'missing'}, not decided`);
  }
  if (action === 'Resume' && actor) {
    const role = roleOfActor(actor, namespace);
    if (SERVICE_ACCOUNT_ACTOR.test(actor) && (role === undefined || !terms.by.includes(role))) {
      return verdict('refused', actor, `${actor} is not of a role that may approve (${rule})`);
    }
    if (actor === requester && !terms.selfApproval) {
      return verdict(
        'refused',
        actor,
        `${actor} may not approve their own run (requester ${requester}; ${rule}): another approver must decide`,
      );
    }
    return verdict('approved', actor, `approved by ${actor} (requester ${requester || 'unknown'}; ${rule})`);
  }
  const waited = (Date.parse(node.finishedAt ?? '') - Date.parse(node.startedAt ?? '')) / 1000;
  if (terms.timeout && waited >= windowSeconds(terms.timeout)) {
    return verdict('timed-out', '', `nobody decided within ${terms.timeout}: the run is rejected (${rule})`);
  }
  return verdict(
    'refused',
    '',
    `the approval was resumed without a signed-in approver (${ACTION_LABEL} is ${action ? `"${action}"` : 'unset'}; ${rule})`,
  );
}

/** The role of a role's ServiceAccount token used as a client (`argo resume` with ARGO_TOKEN). */
function roleOfActor(actor: string, namespace: string): string | undefined {
  const prefix = `system-serviceaccount-${namespace}-opsflow-role-`;
  return actor.startsWith(prefix) ? actor.slice(prefix.length) : undefined;
}
