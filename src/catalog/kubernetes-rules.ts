import { KINDS, type Kind } from '../clients/kubernetes/resources.js';
import type { PolicyRule } from './action.js';

/**
 * RBAC rules allowing `verbs` on `kinds`, one rule per API group, derived from the table the steps build their
 * request paths from (src/clients/kubernetes/resources.ts), so a rule names exactly the resource a step calls.
 */
export function kindRules(kinds: readonly Kind[], verbs: readonly string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const kind of kinds) {
    const { apiVersion, plural } = KINDS[kind];
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    byGroup.set(group, [...(byGroup.get(group) ?? []), plural]);
  }
  return [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: [...verbs] }));
}
