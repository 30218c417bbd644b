import type { WorkflowTemplate } from '../clients/argo/index.js';
import { ACCESS_ANNOTATION, type ActionAccess, type RoleAccess, type RunGrant } from '../governance/access.js';

/** The template's `opsflow.io/access` annotation (src/governance/access.ts); undefined when absent or unreadable. */
export function accessOf(template: WorkflowTemplate): ActionAccess | undefined {
  const text = template.metadata.annotations?.[ACCESS_ANNOTATION];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ActionAccess;
  } catch {
    return undefined;
  }
}

/** `run`, `approve` or both. */
export function mayDo(access: RoleAccess): string {
  return [...(access.run ? ['run'] : []), ...(access.approves ? ['approve'] : [])].join(', ');
}

/** A grant's terms in words: the parameter constraints, the run limits, the approval. */
export function terms(grant: RunGrant): string {
  const parameters = Object.entries(grant.parameters ?? {}).map(([name, constraint]) => {
    if (constraint === 'self') return `${name} is you`;
    if (constraint === 'absent') return `${name} not set`;
    return 'pattern' in constraint
      ? `${name} matches ${constraint.pattern}`
      : `${name} one of ${constraint.enum.join('|')}`;
  });
  return [
    ...parameters,
    ...(grant.perCaller ? [`${grant.perCaller.runs} runs per ${grant.perCaller.window} each`] : []),
    ...(grant.overall ? [`${grant.overall.runs} runs per ${grant.overall.window} in all`] : []),
    ...(grant.approval
      ? [
          `approved by ${grant.approval.by} within ${grant.approval.timeout}` +
            (grant.approval.selfApproval ? ' (self-approval allowed)' : ''),
        ]
      : []),
  ].join('; ');
}
